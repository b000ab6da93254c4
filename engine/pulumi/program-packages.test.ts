import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resourcesDir } from '../paths.js';
import { tempDir } from '../test-support/temp-dir.js';
import { linkPackages, packageOf, packagesUsedBy, sharedNodeModulesDir } from './program-packages.js';

const program = (component: string) => readFileSync(path.join(resourcesDir(), 'components', component, 'index.ts'), 'utf8');

describe('packagesUsedBy', () => {
  it('names the packages a program imports, never the built-ins or relative files', () => {
    const code = [
      "import * as pulumi from '@pulumi/pulumi';",
      "import type * as fs from 'node:fs';",
      "import { x } from './local';",
      'export { y } from "lodash/fp";',
      "const z = require('path');",
      "const w = await import('@scope/pkg/deep');",
      "import 'side-effect';",
    ].join('\n');
    expect(packagesUsedBy(code)).toEqual([
      '@pulumi/pulumi',
      '@scope/pkg',
      '@types/lodash',
      '@types/node',
      '@types/scope__pkg',
      '@types/side-effect',
      'lodash',
      'side-effect',
    ]);
  });

  it('keeps a local component to the SDK and Node types, and gives a Proxmox component its provider', () => {
    expect(packagesUsedBy(program('local-storage'))).toEqual(['@pulumi/pulumi', '@types/node']);
    expect(packagesUsedBy(program('proxmox-vm'))).toContain('@muhlba91/pulumi-proxmoxve');
  });

  it('takes nothing from hostile specifiers', () => {
    for (const specifier of ['', '.', '../x', '/etc/passwd', 'node:fs', 'fs', '@', '@scope', 'a b', '@a/../../b'])
      expect(packageOf(specifier)).toBeNull();
  });
});

describe('linkPackages', () => {
  let temp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => temp?.remove());

  it('links only the packages asked for (installed ones), replacing a link to the whole node_modules', () => {
    temp = tempDir('nimbus-packages-');
    const dir = path.join(temp.dir, 'work');
    mkdirSync(dir);
    // What older versions made: node_modules linked to the app's whole tree, Proxmox provider included.
    symlinkSync(sharedNodeModulesDir(), path.join(dir, 'node_modules'), 'dir');
    linkPackages(dir, packagesUsedBy(program('local-network')).concat('not-installed-anywhere'));
    const modules = path.join(dir, 'node_modules');
    expect(lstatSync(modules).isDirectory()).toBe(true);
    expect(readdirSync(modules).sort()).toEqual(['@pulumi', '@types']);
    expect(readdirSync(path.join(modules, '@types'))).toEqual(['node']);
    expect(readlinkSync(path.join(modules, '@pulumi', 'pulumi'))).toBe(path.join(sharedNodeModulesDir(), '@pulumi', 'pulumi'));
    expect(existsSync(path.join(modules, '@muhlba91'))).toBe(false);
    // Idempotent, and a program that uses more gets it added.
    linkPackages(dir, packagesUsedBy(program('proxmox-vm')));
    expect(readdirSync(modules).sort()).toEqual(['@muhlba91', '@pulumi', '@types']);
  });
});

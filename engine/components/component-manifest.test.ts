import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resourcesDir } from '../paths.js';
import { tempDir } from '../test-support/temp-dir.js';
import { readManifestIdentity } from './component-manifest.js';

describe('readManifestIdentity', () => {
  let temp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => temp?.remove());

  const manifest = (text: string) => {
    temp ??= tempDir('nimbus-manifest-');
    const dir = path.join(temp.dir, String(readdirSync(temp.dir).length));
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'component.yaml'), text);
    return dir;
  };

  it('reads what YAML reads from every built-in manifest', () => {
    const root = path.join(resourcesDir(), 'components');
    for (const folder of readdirSync(root)) {
      const yaml = parse(readFileSync(path.join(root, folder, 'component.yaml'), 'utf8')) as { name: string; version: number };
      expect(readManifestIdentity(path.join(root, folder))).toEqual({ name: yaml.name, version: yaml.version });
    }
  });

  it('reads quoted, flow and commented forms through YAML, and refuses what YAML refuses', () => {
    expect(readManifestIdentity(manifest('name: "web"\nversion: 3 # third\n'))).toEqual({ name: 'web', version: 3 });
    expect(readManifestIdentity(manifest('{name: web, version: 2}\n'))).toEqual({ name: 'web', version: 2 });
    expect(readManifestIdentity(manifest('description: |\n  name: other\nname: web\nversion: 1\n'))).toEqual({ name: 'web', version: 1 });
    expect(() => readManifestIdentity(manifest('name: web\nname: other\nversion: 1\n'))).toThrow();
    expect(() => readManifestIdentity(manifest('name: web\nversion: "1"\n'))).toThrow();
    expect(() => readManifestIdentity(manifest('name: web\nversion: 1\n---\nname: other\nversion: 2\n'))).toThrow();
    expect(() => readManifestIdentity(manifest('version: 1\n'))).toThrow();
  });
});

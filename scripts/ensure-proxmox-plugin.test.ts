import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/ensure-proxmox-plugin where nothing can be installed: its message names every module version
// the Go module proxy refused and what it tried. Runs the real script against the real proxy, with
// provider versions the proxy does not serve, so it stops before building anything.
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ensure-proxmox-plugin');
const temp = { dir: mkdtempSync(path.join(os.tmpdir(), 'nimbus-ensure-proxmox-')) };
afterAll(() => rmSync(temp.dir, { recursive: true, force: true }));

const hasGo = spawnSync('go', ['version']).status === 0;

describe.skipIf(!hasGo)('ensure-proxmox-plugin where the plugin cannot be built', () => {
  it('fails naming the refused modules, what it tried, and what to do', { timeout: 120_000 }, () => {
    const target = path.join(temp.dir, 'bin');
    const result = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        NIMBUS_PULUMI_DIR: target,
        NIMBUS_PROXMOX_BUILD_DIR: path.join(temp.dir, 'build'),
        NIMBUS_PROXMOX_BUILD_ONLY: '1',
        PROXMOX_TF_PROVIDER_VERSIONS: '0.113.0 0.114.0',
        // No directory that may hold an installed plugin.
        PATH: (process.env.PATH ?? '')
          .split(path.delimiter)
          .filter((dir) => !dir.includes('.pulumi'))
          .join(path.delimiter),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const message = result.stderr.trim().split('\n').at(-1)!;
    expect(message).toMatch(
      /^ensure-proxmox-plugin: cannot build pulumi-resource-proxmoxve v8\.6\.0: the Go module proxy \(\S+\) refused: /,
    );
    for (const refused of [
      'github.com/bpg/terraform-provider-proxmox@v0.113.0',
      'github.com/bpg/terraform-provider-proxmox@v0.114.0',
      'github.com/muhlba91/pulumi-proxmoxve/provider@v8.6.0',
      'github.com/muhlba91/pulumi-proxmoxve/provider/v8@v8.6.0',
    ]) {
      expect(message).toContain(refused);
    }
    expect(message).toContain(`Tried: an installed plugin in ${target}`);
    expect(message).toContain(
      `Copy pulumi-resource-proxmoxve v8.6.0 (from https://github.com/muhlba91/pulumi-proxmoxve/releases) into ${target}`,
    );
  });
});

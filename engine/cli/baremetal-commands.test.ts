import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registryRepository, registryToml } from '../baremetal/test-support.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir, '--local']);

describe('nimbus registry and nimbus baremetal', () => {
  it('adds and syncs a registry, lists machines and capacity, and exits 1 with file:line problems', { timeout: 120_000 }, async () => {
    const repo = registryRepository({
      'east.toml': registryToml('east', [{ id: 'n1', cores: 8, memoryGb: 32, diskGb: 500, bmc: 'http://127.0.0.1:9', system: 's' }]),
    });
    try {
      expect((await cli('baremetal', 'machines')).out).toMatch(/No bare-metal registry yet/);
      const added = await cli('registry', 'add', repo.dir, '--name', 'lab');
      expect(added).toMatchObject({ code: 0, out: expect.stringMatching(/^Recorded registry lab/) });
      const synced = await cli('registry', 'sync');
      expect(synced).toMatchObject({ code: 0, out: expect.stringMatching(/^lab: synced 1 machine\(s\) at [0-9a-f]{12}\n$/) });
      const machines = await cli('baremetal', 'machines');
      expect(machines.out).toMatch(/n1\s+east\s+fra1\s+8\s+32 GB\s+500 GB\s+free/);
      expect(machines.out).toMatch(/Free: 1 of 1 machines, 8 of 8 cores/);

      repo.commit({ 'east.toml': 'provider = "east"\n\n[[machines]]\nid = "n1"\n' });
      const broken = await cli('registry', 'sync', 'lab');
      expect(broken.code).toBe(1);
      expect(broken.out).toMatch(/lab: sync failed; keeping the last good 1 machine\(s\)\n {2}east\.toml:3: machines\[0\]\.cpu_cores: /);
      const listed = JSON.parse((await cli('registry', 'list', '--json')).out) as { lastSync: { status: string } }[];
      expect(listed[0]?.lastSync.status).toBe('failed');
      expect((await cli('registry', 'add', repo.dir, '--name', 'lab')).err).toMatch(/registry_exists|already recorded/);
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});

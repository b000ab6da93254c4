import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store.js';
import { BareMetalService } from './registry-service.js';
import { registryRepository, registryToml } from './test-support.js';

const bmc = 'http://127.0.0.1:9';
const m = (id: string, cores: number, memoryGb = 64, diskGb = 500, location?: string) => ({
  id,
  cores,
  memoryGb,
  diskGb,
  bmc,
  system: `sys-${id}`,
  ...(location ? { location } : {}),
});

describe('bare-metal registry service (real git, real SQLite)', () => {
  let dataDir: string;
  let store: Store;
  let service: BareMetalService;
  const cleanup: string[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'nimbus-bm-'));
    store = openStore(dataDir);
    service = new BareMetalService(store.async, dataDir);
  });
  afterEach(() => {
    store.close();
    for (const dir of [dataDir, ...cleanup.splice(0)]) rmSync(dir, { recursive: true, force: true });
  });

  const repository = (files: Record<string, string>) => {
    const repo = registryRepository(files);
    cleanup.push(repo.dir);
    return repo;
  };

  it('clones a registry, then fetches and resets to what the remote holds now', async () => {
    const repo = repository({ 'east.toml': registryToml('east', [m('a', 8), m('b', 32)]) });
    const added = await service.addRegistry({ source: repo.dir });
    expect(added.name).toBe(path.basename(repo.dir));
    await expect(service.addRegistry({ source: repo.dir })).rejects.toMatchObject({ code: 'registry_exists' });

    const [first] = await service.sync(added.name);
    expect(first?.lastSync).toMatchObject({ status: 'ok', problems: [], machines: 2 });
    expect((await service.overview()).machines.map((x) => x.id)).toEqual(['a', 'b']);

    repo.commit({ 'west/west.toml': registryToml('west', [m('c', 4, 16, 100, 'ams1')]) });
    const [second] = await service.sync();
    expect(second?.lastSync?.status).toBe('ok');
    expect(second?.lastSync?.commit).not.toBe(first?.lastSync?.commit);
    const overview = await service.overview();
    expect(overview.machines.map((x) => [x.id, x.file, x.location])).toEqual([
      ['a', 'east.toml', 'fra1'],
      ['b', 'east.toml', 'fra1'],
      ['c', 'west/west.toml', 'ams1'],
    ]);
    expect(overview.capacity.cores).toEqual({ total: 44, reserved: 0, free: 44 });
  });

  it('reports malformed files with file and line, and keeps the last good machines', async () => {
    const repo = repository({ 'east.toml': registryToml('east', [m('a', 8)]) });
    await service.addRegistry({ source: repo.dir, name: 'lab' });
    await service.sync('lab');
    repo.commit({
      'east.toml': 'provider = "east"\n[[machines]]\nid = "a"\ncpu_cores = = 4\n',
      'west.toml': 'provider = "west"\nmachines = 3\n',
    });
    const [result] = await service.sync('lab');
    expect(result?.lastSync?.status).toBe('failed');
    expect(result?.lastSync?.problems).toEqual([
      { file: 'east.toml', line: 4, column: expect.any(Number), message: expect.stringMatching(/^TOML syntax/) },
      { file: 'west.toml', line: 2, message: expect.stringMatching(/^machines: /) },
    ]);
    expect(result?.lastSync?.machines).toBe(1);
    expect((await service.overview()).machines.map((x) => x.id)).toEqual(['a']);
    expect((await store.async.audit.list({ entity: 'baremetal-registry' })).map((row) => row.action)).toEqual([
      'baremetal-registry.sync',
      'baremetal-registry.sync',
      'baremetal-registry.add',
    ]);
  });

  it('refuses a machine id used twice, across files and across registries', async () => {
    const one = repository({ 'a.toml': registryToml('east', [m('x', 8)]), 'b.toml': registryToml('west', [m('x', 8)]) });
    await service.addRegistry({ source: one.dir, name: 'one' });
    const [result] = await service.sync('one');
    expect(result?.lastSync?.problems).toEqual([{ file: 'b.toml', line: 0, message: 'duplicate machine id x: also in a.toml' }]);

    one.commit({ 'b.toml': registryToml('west', [m('y', 8)]) });
    expect((await service.sync('one'))[0]?.lastSync?.status).toBe('ok');
    const two = repository({ 'c.toml': registryToml('north', [m('y', 4)]) });
    await service.addRegistry({ source: two.dir, name: 'two' });
    expect((await service.sync('two'))[0]?.lastSync?.problems).toEqual([
      { file: 'c.toml', line: 0, message: 'duplicate machine id y: also in registry one' },
    ]);
  });

  it('records a git failure as a failed sync with git’s words', async () => {
    const repo = repository({ 'east.toml': registryToml('east', [m('a', 8)]) });
    await service.addRegistry({ source: repo.dir, name: 'lab' });
    rmSync(repo.dir, { recursive: true, force: true });
    const [result] = await service.sync('lab');
    expect(result?.lastSync).toMatchObject({ status: 'failed', commit: null });
    expect(result?.lastSync?.problems[0]?.message).toMatch(/^git clone failed: /);
  });

  it('refuses empty, option-like, missing and unnamed sources, and an unknown registry', async () => {
    await expect(service.addRegistry({ source: '  ' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(service.addRegistry({ source: '--upload-pack=touch /tmp/x' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(service.addRegistry({ source: '/nonexistent/registry' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(service.addRegistry({ source: 'https://example.org/r.git', name: 'has space' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(service.sync('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('places on the smallest fitting free machine with its reason, and never gives one machine to two nodes', async () => {
    const repo = repository({
      'east.toml': registryToml('east', [m('big', 64, 512, 4000), m('small', 8, 32, 500), m('mid', 16, 64, 1000)]),
    });
    await service.addRegistry({ source: repo.dir, name: 'lab' });
    await service.sync('lab');
    const needs = { minCores: 8, minMemoryGb: 32, minDiskGb: 400 };

    const preview = await service.place(needs);
    expect(preview.machine.id).toBe('small');
    expect(preview.reason).toMatch(
      /^capacity: small \(east, fra1: 8 cores, 32 GB, 500 GB disk\) is the smallest free machine with ≥8 cores/,
    );

    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        store.async.unitOfWork((tx) => service.within(tx).place(needs, { owner: `deployment:${n}`, node: `node-${n}` })),
      ),
    );
    const placed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.machine.id] : []));
    expect(placed.sort()).toEqual(['big', 'mid', 'small']);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code: string; message: string }] : []));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ code: 'capacity_unavailable', message: expect.stringMatching(/is reserved \(big, mid, small\)/) });
    expect((await service.overview()).capacity.machines).toEqual({ total: 3, reserved: 3, free: 0 });

    const holder = (await store.async.bareMetal.reservations()).find((r) => r.machineId === 'mid')!.owner;
    expect((await service.releaseOwner(holder)).map((r) => r.machineId)).toEqual(['mid']);
    expect((await service.place(needs)).machine.id).toBe('mid');
  });

  it('says what each machine lacks when nothing fits', async () => {
    await expect(service.place({ minCores: 1, minMemoryGb: 1, minDiskGb: 0 })).rejects.toMatchObject({
      code: 'capacity_unavailable',
      message: expect.stringMatching(/no bare-metal machine is registered/),
    });
    const repo = repository({ 'east.toml': registryToml('east', [m('a', 8, 32, 500, 'fra1-r1')]) });
    await service.addRegistry({ source: repo.dir, name: 'lab' });
    await service.sync('lab');
    await expect(service.place({ minCores: 16, minMemoryGb: 32, minDiskGb: 0, location: 'ams*' })).rejects.toMatchObject({
      code: 'capacity_unavailable',
      message:
        'no registered machine has ≥16 cores, ≥32 GB memory, ≥0 GB disk, location ams* (a: location fra1-r1, not ams*, 8 cores < 16)',
    });
  });
});

describe('registry sources that would run commands', () => {
  it("refuses local paths and file:// URLs on a shared server, which would read the server's disk", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nimbus-bm-'));
    const store = openStore(dataDir);
    try {
      const shared = new BareMetalService(store.async, dataDir, undefined, { localSources: false });
      for (const source of [dataDir, `file://${dataDir}`, 'FILE:///etc']) {
        await expect(shared.addRegistry({ source, name: 'disk' })).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringContaining('network URL'),
        });
      }
      expect(await shared.listRegistries()).toEqual([]);
      expect(await shared.addRegistry({ source: 'https://git.example.org/racks.git' })).toMatchObject({ name: 'racks' });
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses git transports that run commands', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nimbus-bm-'));
    const store = openStore(dataDir);
    try {
      const service = new BareMetalService(store.async, dataDir);
      const marker = path.join(dataDir, 'ran');
      await service.addRegistry({ source: `ext::sh -c touch% ${marker}`, name: 'evil' }).then(
        async () => {
          const [result] = await service.sync('evil');
          expect(result?.lastSync?.status).toBe('failed');
        },
        (error: unknown) => expect(error).toMatchObject({ code: 'invalid_input' }),
      );
      expect(existsSync(marker)).toBe(false);
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

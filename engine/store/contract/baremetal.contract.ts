import { describe, expect, it } from 'vitest';
import type { Machine } from '../../baremetal/registry-format.js';
import type { RegistrySyncResult } from '../ports/baremetal-records.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const T1 = '2026-12-01T01:00:00.000Z';

function machine(id: string, registry = 'lab'): Machine {
  return {
    id,
    provider: 'east',
    registry,
    file: 'east.toml',
    location: 'fra1',
    cpuCores: 16,
    memoryGb: 64,
    diskGb: 960,
    disks: [{ name: 'nvme0', sizeGb: 960, type: 'nvme' }],
    nics: [{ name: 'eno1', mac: null, speedGbps: 25 }],
    bmc: { address: 'http://127.0.0.1:8000', system: 'sys-1', usernameEnv: null, passwordEnv: null },
  };
}

const ok = (machines: number): RegistrySyncResult => ({ at: T1, status: 'ok', commit: 'c1', problems: [], machines });

/** The bare-metal registry: registries, the machines of the last good sync, at most one live reservation per machine. */
export function bareMetalContract(factory: StoreFactory): void {
  describe('bare metal', () => {
    const store = useStore(factory);

    it('records registries once per name, and their syncs with the machines of the last good one', async () => {
      const registry = { id: 'r1', name: 'lab', source: '/tmp/lab', createdAt: T0, lastSync: null };
      await store().bareMetal.insertRegistry(registry);
      await expect(store().bareMetal.insertRegistry({ ...registry, id: 'r2' })).rejects.toMatchObject({ code: 'registry_exists' });
      expect(await store().bareMetal.registry('lab')).toEqual(registry);
      expect(await store().bareMetal.registry('r1')).toEqual(registry);

      await store().bareMetal.recordSync('r1', ok(2), [machine('b'), machine('a')]);
      expect((await store().bareMetal.machines()).map((m) => m.id)).toEqual(['a', 'b']);
      expect(await store().bareMetal.machines()).toContainEqual(machine('a'));

      const failed: RegistrySyncResult = {
        at: T1,
        status: 'failed',
        commit: 'c2',
        problems: [{ file: 'east.toml', line: 3, message: 'bad' }],
        machines: 2,
      };
      await store().bareMetal.recordSync('r1', failed, null);
      expect((await store().bareMetal.registry('r1'))?.lastSync).toEqual(failed);
      expect((await store().bareMetal.machines()).map((m) => m.id)).toEqual(['a', 'b']);

      await store().bareMetal.recordSync('r1', ok(1), [machine('c')]);
      expect((await store().bareMetal.machines()).map((m) => m.id)).toEqual(['c']);
      const audit = await store().audit.history('baremetal-registry', 'r1');
      expect(audit.map((row) => row.action)).toEqual([
        'baremetal-registry.add',
        'baremetal-registry.sync',
        'baremetal-registry.sync',
        'baremetal-registry.sync',
      ]);
    });

    it('gives a machine to one owner at a time, also to units reserving it at once, and releases by owner', async () => {
      const reservation = (id: string, owner: string) => ({ id, machineId: 'a', owner, node: `node of ${owner}`, reservedAt: T0 });
      const outcomes = await Promise.all(
        ['o1', 'o2', 'o3', 'o4'].map((owner) => store().unitOfWork((tx) => tx.bareMetal.reserve(reservation(`res-${owner}`, owner)))),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const live = await store().bareMetal.reservations();
      expect(live).toHaveLength(1);
      const holder = live[0]!.owner;
      expect(await store().bareMetal.releaseOwner('someone-else', T1)).toEqual([]);
      expect(await store().bareMetal.releaseOwner(holder, T1)).toEqual([live[0]]);
      expect(await store().bareMetal.reservations()).toEqual([]);
      expect(await store().bareMetal.reserve(reservation('res-again', 'o9'))).toBe(true);
      expect((await store().audit.history('baremetal-reservation', 'a')).map((row) => row.action)).toEqual([
        'baremetal-reservation.reserve',
        'baremetal-reservation.release',
        'baremetal-reservation.reserve',
      ]);
    });

    it('keeps each tenant to its own registries, machines and reservations', async () => {
      await asTenant('a', async () => {
        await store().bareMetal.insertRegistry({ id: 'ra', name: 'lab', source: '/tmp/a', createdAt: T0, lastSync: null });
        await store().bareMetal.recordSync('ra', ok(1), [machine('m1')]);
        expect(await store().bareMetal.reserve({ id: 'x1', machineId: 'm1', owner: 'oa', node: 'n', reservedAt: T0 })).toBe(true);
      });
      await asTenant('b', async () => {
        expect(await store().bareMetal.registries()).toEqual([]);
        expect(await store().bareMetal.registry('ra')).toBeUndefined();
        expect(await store().bareMetal.machines()).toEqual([]);
        expect(await store().bareMetal.reservations()).toEqual([]);
        // Another tenant's registry id changes nothing; the same names and machine ids are free here.
        await store().bareMetal.recordSync('ra', ok(0), []);
        await store().bareMetal.insertRegistry({ id: 'rb', name: 'lab', source: '/tmp/b', createdAt: T0, lastSync: null });
        await store().bareMetal.recordSync('rb', ok(1), [machine('m1')]);
        expect(await store().bareMetal.reserve({ id: 'x2', machineId: 'm1', owner: 'ob', node: 'n', reservedAt: T0 })).toBe(true);
        expect(await store().bareMetal.releaseOwner('oa', T1)).toEqual([]);
      });
      await asTenant('a', async () => {
        expect((await store().bareMetal.machines()).map((m) => m.id)).toEqual(['m1']);
        expect((await store().bareMetal.reservations()).map((r) => r.owner)).toEqual(['oa']);
      });
    });
  });
}

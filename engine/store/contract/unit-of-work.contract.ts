import { describe, expect, it } from 'vitest';
import type { AllocationRecord, PoolRecord } from '../ipam-repository.js';
import type { Repositories } from '../ports/repositories.js';
import { useStore, type StoreFactory } from './harness.js';

const POOL: Omit<PoolRecord, 'generation'> = {
  id: 'pool-1',
  scope: 'lz:home',
  name: 'office',
  cidr: '10.0.0.0/24',
  family: 4,
  prefix: 24,
  startKey: '0a000000',
  endKey: '0a0000ff',
  gateway: '10.0.0.1',
  parentId: null,
  createdAt: '2026-12-01T00:00:00.000Z',
};

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** The allocation a naive allocator takes: the lowest host after the gateway that no live allocation holds. */
async function allocateNext(tx: Repositories, owner: string): Promise<AllocationRecord> {
  const taken = new Set((await tx.ipam.liveAllocations(POOL.id)).map((a) => a.startKey));
  let host = 2;
  while (taken.has(hex(0x0a000000 + host))) host += 1;
  // Yield between the read and the write, as real work does (a resolver, a schema check).
  await new Promise((resolve) => setTimeout(resolve, 1));
  const allocation: AllocationRecord = {
    id: `a-${owner}`,
    poolId: POOL.id,
    kind: 'address',
    value: `10.0.0.${host}`,
    startKey: hex(0x0a000000 + host),
    endKey: hex(0x0a000000 + host),
    owner,
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  await tx.ipam.insertAllocation(allocation);
  return allocation;
}

/** Units of work, rehearsals and IPAM atomicity, against any {@link StoreFactory}. */
export function unitOfWorkContract(factory: StoreFactory): void {
  describe('unit of work', () => {
    const store = useStore(factory);

    it('commits every write of the work when it resolves, and returns its result', async () => {
      const result = await store().unitOfWork(async (tx) => {
        const topology = await tx.topologies.create('committed');
        await tx.ipam.insertPool(POOL);
        return topology.id;
      });
      expect((await store().topologies.get(result)).name).toBe('committed');
      expect(await store().ipam.poolById(POOL.id)).toMatchObject({ name: 'office', generation: 0 });
    });

    it('rolls back every write when the work throws, and rethrows its error', async () => {
      const failure = new Error('refused halfway');
      await expect(
        store().unitOfWork(async (tx) => {
          await tx.topologies.create('lost');
          await tx.ipam.insertPool(POOL);
          await Promise.resolve();
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store().topologies.list()).toEqual([]);
      expect(await store().ipam.poolById(POOL.id)).toBeUndefined();
    });

    it('rolls back when a statement of the work fails, leaving the store usable', async () => {
      await store().ipam.insertPool(POOL);
      await expect(
        store().unitOfWork(async (tx) => {
          await tx.topologies.create('lost');
          await tx.ipam.insertPool(POOL);
        }),
      ).rejects.toThrow();
      expect(await store().topologies.list()).toEqual([]);
      expect((await store().topologies.create('after')).name).toBe('after');
    });

    it('sees its own writes; a call made meanwhile outside it is not rolled back with it', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let listed!: () => void;
      const read = new Promise<void>((resolve) => (listed = resolve));
      let inside: string[] = [];
      const unit = store().unitOfWork(async (tx) => {
        await tx.topologies.create('lost');
        inside = (await tx.topologies.list()).map((t) => t.name);
        listed();
        await gate;
        throw new Error('changed its mind');
      });
      await read;
      // Made while the unit holds its transaction (after it read, so a store that runs the call
      // side by side and one that queues it behind the unit see the same): it must not become part of it.
      const outside = store().topologies.create('kept');
      release();
      await expect(unit).rejects.toThrow('changed its mind');
      await outside;
      expect(inside).toEqual(['lost']);
      expect((await store().topologies.list()).map((t) => t.name)).toEqual(['kept']);
    });

    it('refuses a call on the store from inside a unit (it would wait for itself)', async () => {
      await expect(store().unitOfWork(async () => store().topologies.list())).rejects.toMatchObject({ code: 'store_unit_reentered' });
      await expect(store().unitOfWork(async () => store().unitOfWork(async () => 1))).rejects.toMatchObject({
        code: 'store_unit_reentered',
      });
      expect(await store().topologies.list()).toEqual([]);
    });

    it('refuses the repositories of a unit once it ended', async () => {
      let leaked: Repositories | undefined;
      await store().unitOfWork(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.topologies.create('late')).rejects.toMatchObject({ code: 'store_unit_closed' });
      expect(await store().topologies.list()).toEqual([]);
    });

    it('loses no write among concurrent units: each commits on the revision it read or is refused', async () => {
      const topology = await store().topologies.create('counter');
      // Each unit reads the revision and saves on it: SQLite runs them one after another; a store
      // that runs them side by side must refuse the stale saves, never lose one silently.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store().unitOfWork(async (tx) => {
            const current = await tx.topologies.get(topology.id);
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.topologies.save(topology.id, current.revision, current.document);
          }),
        ),
      );
      const saved = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code?: string }] : []));
      expect(saved).toBeGreaterThan(0);
      expect(refused.every((reason) => reason.code === 'revision_conflict')).toBe(true);
      expect((await store().topologies.get(topology.id)).revision).toBe(1 + saved);
    });
  });

  describe('rehearsal', () => {
    const store = useStore(factory);

    it('returns what the work computed and undoes every write it made', async () => {
      await store().ipam.insertPool(POOL);
      const rehearsed = await store().rehearse(async (tx) => {
        const first = await allocateNext(tx, 'preview-1');
        const second = await allocateNext(tx, 'preview-2');
        return [first.value, second.value];
      });
      expect(rehearsed).toEqual(['10.0.0.2', '10.0.0.3']);
      expect(await store().ipam.liveAllocations(POOL.id)).toEqual([]);
      expect((await store().ipam.poolById(POOL.id))!.generation).toBe(0);
      // The commit allocates exactly what the rehearsal showed.
      const committed = await store().unitOfWork((tx) => allocateNext(tx, 'real'));
      expect(committed.value).toBe('10.0.0.2');
    });

    it('undoes the writes when the work throws, and rethrows', async () => {
      await expect(
        store().rehearse(async (tx) => {
          await tx.topologies.create('never');
          throw new Error('preview failed');
        }),
      ).rejects.toThrow('preview failed');
      expect(await store().topologies.list()).toEqual([]);
    });
  });

  describe('IPAM atomicity', () => {
    const store = useStore(factory);

    it('gives 20 concurrent allocating units 20 distinct addresses', async () => {
      await store().ipam.insertPool(POOL);
      const allocations = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().unitOfWork((tx) => allocateNext(tx, `owner-${i}`))),
      );
      const values = allocations.map((a) => a.value);
      expect(new Set(values).size).toBe(20);
      const live = await store().ipam.liveAllocations(POOL.id);
      expect(live.map((a) => a.value).sort()).toEqual([...values].sort());
      expect((await store().ipam.poolById(POOL.id))!.generation).toBe(20);
    });

    it('refuses a second live allocation with the same start in one pool (the unique index)', async () => {
      await store().ipam.insertPool(POOL);
      const first = await store().unitOfWork((tx) => allocateNext(tx, 'one'));
      await expect(store().ipam.insertAllocation({ ...first, id: 'other', owner: 'two' })).rejects.toThrow();
      await store().ipam.release(first, '2026-12-02T00:00:00.000Z');
      await store().ipam.insertAllocation({ ...first, id: 'other', owner: 'two' });
      expect((await store().ipam.liveAllocations(POOL.id)).map((a) => a.owner)).toEqual(['two']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { AllocationRecord, PoolRecord } from '../ports/resolver-records.js';
import type { Repositories } from '../ports/repositories.js';
import { asTenant, newDeployment, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const POOL: Omit<PoolRecord, 'generation'> = {
  id: 'pool-c',
  scope: 'lz:home',
  name: 'lab',
  cidr: '10.1.0.0/24',
  family: 4,
  prefix: 24,
  startKey: '0a010000',
  endKey: '0a0100ff',
  gateway: null,
  parentId: null,
  createdAt: T0,
};

const hex = (n: number): string => n.toString(16).padStart(8, '0');
const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

function address(host: number, owner: string): AllocationRecord {
  return {
    id: `a-${owner}`,
    poolId: POOL.id,
    kind: 'address',
    value: `10.1.0.${host}`,
    startKey: hex(0x0a010000 + host),
    endKey: hex(0x0a010000 + host),
    owner,
    createdAt: T0,
  };
}

/** The lowest free host, as an allocator that reads the pool's allocations takes it. */
async function allocate(tx: Repositories, owner: string): Promise<AllocationRecord> {
  const taken = new Set((await tx.ipam.liveAllocations(POOL.id)).map((a) => a.startKey));
  let host = 1;
  while (taken.has(hex(0x0a010000 + host))) host += 1;
  await pause();
  const allocation = address(host, owner);
  await tx.ipam.insertAllocation(allocation);
  return allocation;
}

/**
 * What units of work running at the same time must get right on every store: a store that runs them
 * one after another passes trivially; one that runs them side by side (PostgreSQL) passes only with
 * the locks and atomic writes its repositories promise. Every unit yields between its read and its
 * write, so units that are not kept apart do interleave.
 */
export function concurrencyContract(factory: StoreFactory): void {
  describe('concurrent units', () => {
    const store = useStore(factory);

    it('keeps allocators that trust a cache of the pool while its generation holds apart', async () => {
      await store().ipam.insertPool(POOL);
      // Like the IPAM service: occupancy is read again only when the pool's generation moved on.
      const cache = { generation: -1, taken: new Set<string>() };
      const allocations = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store().unitOfWork(async (tx) => {
            const generation = await tx.ipam.generation(POOL.id);
            if (generation !== cache.generation) {
              cache.taken = new Set((await tx.ipam.liveAllocations(POOL.id)).map((a) => a.startKey));
              cache.generation = generation;
            }
            let host = 1;
            while (cache.taken.has(hex(0x0a010000 + host))) host += 1;
            await pause();
            const allocation = address(host, `owner-${i}`);
            await tx.ipam.insertAllocation(allocation);
            cache.taken.add(allocation.startKey);
            cache.generation = generation + 1;
            return allocation.value;
          }),
        ),
      );
      expect(new Set(allocations).size).toBe(20);
      expect((await store().ipam.liveAllocations(POOL.id)).length).toBe(20);
      expect(await store().ipam.generation(POOL.id)).toBe(20);
    });

    it('leaves nothing of the units that throw while the units beside them commit', async () => {
      await store().ipam.insertPool(POOL);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store().unitOfWork(async (tx) => {
            const allocation = await allocate(tx, `owner-${i}`);
            await tx.topologies.create(`topology-${i}`);
            await pause();
            if (i % 2 === 1) throw new Error(`unit ${i} gave up`);
            return allocation;
          }),
        ),
      );
      const committed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as Error).message] : []));
      expect(committed.map((a) => a.owner).sort()).toEqual(['owner-0', 'owner-2', 'owner-4', 'owner-6', 'owner-8']);
      expect(refused.every((message) => /gave up/.test(message))).toBe(true);
      const live = await store().ipam.liveAllocations(POOL.id);
      expect(live.map((a) => [a.owner, a.value]).sort()).toEqual(committed.map((a) => [a.owner, a.value]).sort());
      expect(await store().ipam.generation(POOL.id)).toBe(5);
      expect((await store().topologies.list()).map((t) => t.name).sort()).toEqual([
        'topology-0',
        'topology-2',
        'topology-4',
        'topology-6',
        'topology-8',
      ]);
    });

    it('leaves nothing of rehearsals that run beside committing units', async () => {
      await store().ipam.insertPool(POOL);
      const runs = Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? store().unitOfWork((tx) => allocate(tx, `real-${i}`))
          : store().rehearse(async (tx) => {
              const allocation = await allocate(tx, `preview-${i}`);
              await tx.naming.insert({
                id: `n-${i}`,
                scope: 'env:dev',
                series: 'web',
                seq: i,
                name: `web-${i}`,
                fqdn: null,
                owner: `preview-${i}`,
                createdAt: T0,
              });
              return allocation;
            }),
      );
      const results = await Promise.all(runs);
      const real = results.filter((a) => a.owner.startsWith('real-'));
      expect(results.filter((a) => a.owner.startsWith('preview-'))).toHaveLength(5);
      const live = await store().ipam.liveAllocations(POOL.id);
      expect(live.map((a) => a.owner).sort()).toEqual(['real-0', 'real-2', 'real-4', 'real-6', 'real-8']);
      expect(live.map((a) => a.value).sort()).toEqual(real.map((a) => a.value).sort());
      expect(await store().ipam.generation(POOL.id)).toBe(5);
      expect(await store().naming.list('env:dev')).toEqual([]);
    });

    it('lets exactly one of two units holding their transactions take a deploy lock', async () => {
      const attempts = await Promise.all(
        ['job-a', 'job-b'].map((job) =>
          store().unitOfWork(async (tx) => {
            const attempt = await tx.journal.tryLock('dev', job);
            await pause();
            return { job, attempt };
          }),
        ),
      );
      const winners = attempts.filter((a) => a.attempt.acquired);
      expect(winners).toHaveLength(1);
      const loser = attempts.find((a) => !a.attempt.acquired)!;
      expect(loser.attempt).toMatchObject({ acquired: false, holder: { jobId: winners[0]!.job } });
      expect((await store().journal.locks()).map((l) => [l.environment, l.jobId])).toEqual([['dev', winners[0]!.job]]);
    });

    it('gives units that issue the next name of one series distinct names', async () => {
      const names = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store().unitOfWork(async (tx) => {
            const used = new Set(await tx.naming.usedSequences('env:dev', 'web'));
            let seq = 1;
            while (used.has(seq)) seq += 1;
            await pause();
            await tx.naming.insert({
              id: `n-${i}`,
              scope: 'env:dev',
              series: 'web',
              seq,
              name: `web-${seq}`,
              fqdn: null,
              owner: `owner-${i}`,
              createdAt: T0,
            });
            return seq;
          }),
        ),
      );
      expect([...names].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('keeps both changes of two units that change different fields of one deployment', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await Promise.all([
        store().unitOfWork(async (tx) => {
          await tx.deployments.update('d-1', { label: 'renamed' });
          await wait(30);
        }),
        store().unitOfWork(async (tx) => {
          await wait(10);
          await tx.deployments.update('d-1', { fingerprint: 'fp-2', status: 'deployed' });
        }),
      ]);
      expect(await store().deployments.get('d-1')).toMatchObject({ label: 'renamed', fingerprint: 'fp-2', status: 'deployed' });
      expect((await store().audit.history('deployment', 'd-1')).map((a) => a.action)).toEqual(['deployment.create', 'deployment.deployed']);
    });

    it('keeps a unit usable after one of its calls failed, undoing only that call', async () => {
      const name = (id: string, seq: number) => ({
        id,
        scope: 'env:dev',
        series: 'web',
        seq,
        name: `web-${seq}`,
        fqdn: null,
        owner: 'me',
        createdAt: T0,
      });
      await store().naming.insert(name('n-1', 1));
      await store().unitOfWork(async (tx) => {
        await tx.topologies.create('before');
        // A duplicate live name: the unique index refuses it, and the unit carries on.
        await expect(tx.naming.insert(name('n-dup', 1))).rejects.toThrow();
        await tx.naming.insert(name('n-2', 2));
        await tx.topologies.create('after');
      });
      expect((await store().naming.list('env:dev')).map((n) => n.id)).toEqual(['n-1', 'n-2']);
      expect((await store().topologies.list()).map((t) => t.name).sort()).toEqual(['after', 'before']);
    });
    it('lets one unit at a time decide from a locked stack instance, so no two take a step from the same snapshot', () =>
      asTenant('acme', async () => {
        await store().stacks.insert({
          id: 's-1',
          name: 'ha-web',
          tenant: 'acme',
          description: '',
          draft: {},
          forkedFromStack: null,
          forkedFromVersion: null,
          createdAt: T0,
        });
        await store().stacks.insertInstance({
          id: 'i-1',
          name: 'shop',
          stackId: 's-1',
          version: 1,
          environment: 'dev',
          params: {},
          state: 'new',
          machineVersion: 1,
          createdAt: T0,
        });
        // Each unit reads the step count from the snapshot, yields, and writes it plus one.
        const steps = await Promise.all(
          Array.from({ length: 12 }, () =>
            store().unitOfWork(async (tx) => {
              const row = await tx.stacks.lockInstance('i-1');
              const seen = ((row?.snapshot as { steps?: number } | null)?.steps ?? 0) + 1;
              await pause();
              await tx.stacks.updateInstance('i-1', { snapshot: { steps: seen } });
              return seen;
            }),
          ),
        );
        expect(steps.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(await store().stacks.instance('i-1')).toMatchObject({ snapshot: { steps: 12 } });
        expect(await store().stacks.lockInstance('missing')).toBeUndefined();
      }));
  });
}

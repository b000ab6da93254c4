import { describe, expect, it } from 'vitest';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const HEAD = (n: number) => n.toString(16).padStart(64, '0');
const bytes = (...values: number[]) => new Uint8Array(values);

/** Shared topology documents: one snapshot per topology, an append-only log, compare-and-set versions, tenants apart. */
export function topologyDocumentsContract(factory: StoreFactory): void {
  describe('topology documents', () => {
    const store = useStore(factory);

    it('stores a snapshot once, appends changes in order, compacts and removes', async () => {
      await asTenant('acme', async () => {
        const documents = store().topologyDocuments;
        const topology = await store().topologies.create('office');
        expect(await documents.load(topology.id)).toBeUndefined();
        expect(await documents.create(topology.id, bytes(1, 2, 3), [HEAD(1)])).toBe(true);
        // A second first save keeps the first: every replica starts from the same bytes.
        expect(await documents.create(topology.id, bytes(9), [HEAD(9)])).toBe(false);
        expect(await documents.load(topology.id)).toMatchObject({ snapshot: bytes(1, 2, 3), changes: [], heads: [HEAD(1)], version: 1 });

        expect(await documents.append(topology.id, bytes(4), [HEAD(2)], 1)).toBe(true);
        expect(await documents.append(topology.id, bytes(5, 0, 255), [HEAD(3), HEAD(4)], 2)).toBe(true);
        // Based on a version that moved on: nothing written.
        expect(await documents.append(topology.id, bytes(6), [HEAD(5)], 2)).toBe(false);
        expect(await documents.compact(topology.id, bytes(7), [HEAD(5)], 2)).toBe(false);
        expect(await documents.load(topology.id)).toMatchObject({
          snapshot: bytes(1, 2, 3),
          changes: [bytes(4), bytes(5, 0, 255)],
          heads: [HEAD(3), HEAD(4)],
          version: 3,
        });
        // Where it stands without its bytes, for a process that holds the document loaded already.
        expect(await documents.head(topology.id)).toEqual({
          topologyId: topology.id,
          heads: [HEAD(3), HEAD(4)],
          version: 3,
          changeCount: 2,
        });

        expect(await documents.compact(topology.id, bytes(8, 8), [HEAD(4)], 3)).toBe(true);
        expect(await documents.load(topology.id)).toMatchObject({ snapshot: bytes(8, 8), changes: [], heads: [HEAD(4)], version: 4 });
        expect(await documents.head(topology.id)).toMatchObject({ version: 4, changeCount: 0 });
        expect(await documents.append(topology.id, bytes(10), [HEAD(6)], 4)).toBe(true);
        expect((await documents.load(topology.id))?.changes).toEqual([bytes(10)]);

        expect(await documents.remove(topology.id)).toBe(true);
        expect(await documents.remove(topology.id)).toBe(false);
        expect(await documents.load(topology.id)).toBeUndefined();
        expect(await documents.head(topology.id)).toBeUndefined();
      });
    });

    it('keeps one of two concurrent first saves and one of two appends on one version', async () => {
      await asTenant('acme', async () => {
        const topology = await store().topologies.create('office');
        const created = await Promise.all(
          [1, 2].map((n) => store().unitOfWork((tx) => tx.topologyDocuments.create(topology.id, bytes(n), [HEAD(n)]))),
        );
        expect(created.sort()).toEqual([false, true]);
        // Both based on version 1: whichever commits second finds it moved on.
        const appended = await Promise.all(
          [3, 4].map((n) => store().unitOfWork((tx) => tx.topologyDocuments.append(topology.id, bytes(n), [HEAD(n)], 1))),
        );
        expect(appended.sort()).toEqual([false, true]);
        expect((await store().topologyDocuments.load(topology.id))?.changes).toHaveLength(1);
      });
    });

    it("never shows, changes or removes another tenant's document", async () => {
      const id = await asTenant('acme', async () => {
        const topology = await store().topologies.create('office');
        await store().topologyDocuments.create(topology.id, bytes(1), [HEAD(1)]);
        return topology.id;
      });
      await asTenant('globex', async () => {
        const documents = store().topologyDocuments;
        expect(await documents.load(id)).toBeUndefined();
        expect(await documents.head(id)).toBeUndefined();
        expect(await documents.append(id, bytes(2), [HEAD(2)], 1)).toBe(false);
        expect(await documents.compact(id, bytes(3), [HEAD(3)], 1)).toBe(false);
        expect(await documents.remove(id)).toBe(false);
      });
      expect(await asTenant('acme', () => store().topologyDocuments.load(id))).toMatchObject({
        snapshot: bytes(1),
        changes: [],
        version: 1,
      });
    });

    it('creates a topology under a given id, and refuses an id any topology has (deleted, another tenant)', async () => {
      const id = '3f2b8c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e';
      await asTenant('acme', async () => {
        expect(await store().topologies.create('offline', undefined, id)).toMatchObject({ id, name: 'offline', revision: 1 });
        await expect(store().topologies.create('again', undefined, id)).rejects.toMatchObject({ code: 'topology_exists' });
        await store().topologies.delete(id);
        await expect(store().topologies.create('again', undefined, id)).rejects.toMatchObject({ code: 'topology_exists' });
      });
      const other = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
      await asTenant('acme', () => store().topologies.create('mine', undefined, other));
      await asTenant('globex', async () => {
        await expect(store().topologies.create('theirs', undefined, other)).rejects.toMatchObject({ code: 'topology_exists' });
      });
    });
  });
}

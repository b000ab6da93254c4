import { describe, expect, it } from 'vitest';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const HEAD = (n: number) => n.toString(16).padStart(64, '0');
const bytes = (...values: number[]) => new Uint8Array(values);
const DRAFT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

/** Shared draft documents: one per draft and kind, compare-and-set versions, tenants apart. */
export function draftDocumentsContract(factory: StoreFactory): void {
  describe('draft documents', () => {
    const store = useStore(factory);

    it('stores a draft document once, replaces it only on the version it was based on, and keeps kinds apart', async () => {
      await asTenant('acme', async () => {
        const documents = store().draftDocuments;
        expect(await documents.load('component', DRAFT)).toBeUndefined();
        expect(await documents.create('component', DRAFT, 'acme', bytes(1, 2), [HEAD(1)], 3)).toBe(true);
        // Two first opens: the first stays, so every replica starts from the same bytes.
        expect(await documents.create('component', DRAFT, 'acme', bytes(9), [HEAD(9)], 3)).toBe(false);
        expect(await documents.load('stack', DRAFT)).toBeUndefined();
        expect(await documents.load('component', DRAFT)).toMatchObject({
          document: bytes(1, 2),
          heads: [HEAD(1)],
          recordRevision: 3,
          version: 1,
        });

        expect(await documents.write('component', DRAFT, bytes(3, 0, 255), [HEAD(2), HEAD(3)], 4, 1)).toBe(true);
        expect(await documents.write('component', DRAFT, bytes(4), [HEAD(4)], 5, 1)).toBe(false);
        expect(await documents.load('component', DRAFT)).toMatchObject({
          document: bytes(3, 0, 255),
          heads: [HEAD(2), HEAD(3)],
          recordRevision: 4,
          version: 2,
        });
      });
    });

    it('lets one of two concurrent writes on one version win', async () => {
      await asTenant('acme', async () => {
        await store().draftDocuments.create('stack', DRAFT, 'acme', bytes(1), [HEAD(1)], 1);
        const written = await Promise.all(
          [2, 3].map((n) => store().unitOfWork((tx) => tx.draftDocuments.write('stack', DRAFT, bytes(n), [HEAD(n)], 2, 1))),
        );
        expect(written.sort()).toEqual([false, true]);
        expect((await store().draftDocuments.load('stack', DRAFT))?.version).toBe(2);
      });
    });

    it("never shows or changes another tenant's draft document", async () => {
      await asTenant('acme', () => store().draftDocuments.create('component', DRAFT, 'acme', bytes(1), [HEAD(1)], 1));
      await asTenant('globex', async () => {
        expect(await store().draftDocuments.load('component', DRAFT)).toBeUndefined();
        expect(await store().draftDocuments.write('component', DRAFT, bytes(2), [HEAD(2)], 2, 1)).toBe(false);
      });
      expect(await asTenant('acme', () => store().draftDocuments.load('component', DRAFT))).toMatchObject({
        document: bytes(1),
        version: 1,
      });
    });
  });
}

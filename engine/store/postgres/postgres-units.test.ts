import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorePort } from '../ports/store-port.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

const databases = useTestDatabases();

/** A promise with its resolver, to hold a unit open until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Waits for `promise`, failing after `ms` instead of hanging the test. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('PostgreSQL store: units of work side by side', () => {
  let database: TestDatabase;
  let store: StorePort;
  beforeEach(async () => {
    database = await databases.migrated();
    store = await openPostgresStore(database.url, { poolSize: 4 });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('runs units at the same time, each seeing only what the others committed', async () => {
    const aWrote = gate();
    const bRead = gate();
    let seenByB: string[] = [];
    const a = store.unitOfWork(async (tx) => {
      await tx.topologies.create('from-a');
      aWrote.open();
      // B must get in while A is still open: a store running units one after another never gets here.
      await within(bRead.opened, 5000, 'the second unit reading while the first is open');
    });
    const b = store.unitOfWork(async (tx) => {
      await aWrote.opened;
      seenByB = (await tx.topologies.list()).map((t) => t.name);
      bRead.open();
    });
    await Promise.all([a, b]);
    expect(seenByB).toEqual([]);
    expect((await store.topologies.list()).map((t) => t.name)).toEqual(['from-a']);
  });

  it('waits for running units when closed, keeps what they commit, and refuses calls after', async () => {
    const release = gate();
    const unit = store.unitOfWork(async (tx) => {
      await tx.topologies.create('committed-while-closing');
      await release.opened;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    let closed = false;
    const closing = store.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    release.open();
    await unit;
    await closing;
    await expect(store.topologies.list()).rejects.toThrow(/closed/);
    store = await openPostgresStore(database.url);
    expect((await store.topologies.list()).map((t) => t.name)).toEqual(['committed-while-closing']);
  });

  it('gives units beyond the pool size a connection as others finish', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.unitOfWork(async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return (await tx.topologies.create(`t-${i}`)).name;
        }),
      ),
    );
    expect(results).toHaveLength(12);
    expect((await store.topologies.list()).length).toBe(12);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorePort } from '../ports/store-port.js';
import { createPgPool } from './pg.js';
import { CONFLICT_ATTEMPTS, openPostgresStore } from './postgres-store-port.js';
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

  it('runs a unit again when it deadlocks with another, so both commit', async () => {
    const x = await store.topologies.create('x');
    const y = await store.topologies.create('y');
    const aHoldsX = gate();
    const bHoldsY = gate();
    const runs = { a: 0, b: 0 };
    /** Saves `first`, waits until the other unit holds the second row, then saves `second`: the two wait on each other. */
    const crossing = (unit: 'a' | 'b', first: string, second: string, holding: () => void, otherHolds: Promise<void>) =>
      store.unitOfWork(async (tx) => {
        runs[unit] += 1;
        const one = await tx.topologies.get(first);
        await tx.topologies.save(first, one.revision, one.document, `${one.name}-${unit}`);
        holding();
        await within(otherHolds, 5000, 'the other unit locking its first row');
        const two = await tx.topologies.get(second);
        await tx.topologies.save(second, two.revision, two.document, `${two.name}-${unit}`);
      });
    await within(
      Promise.all([crossing('a', x.id, y.id, aHoldsX.open, bHoldsY.opened), crossing('b', y.id, x.id, bHoldsY.open, aHoldsX.opened)]),
      20_000,
      'both crossing units committing',
    );
    // PostgreSQL broke the deadlock by failing one of them; that one ran a second time.
    expect(runs.a + runs.b).toBe(3);
    const saved = [await store.topologies.get(x.id), await store.topologies.get(y.id)];
    expect(saved.map((t) => t.revision)).toEqual([3, 3]);
    expect(saved.map((t) => t.name.split('-').length)).toEqual([3, 3]);
  });

  it('reports a unit that keeps colliding as store_conflict, having written nothing', async () => {
    // A real server error with the serialization failure's SQLSTATE, as a unit would get one.
    const pool = createPgPool(database.url);
    const serializationFailure = await pool
      .query(`DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$`)
      .then(
        () => undefined,
        (error: unknown) => error,
      )
      .finally(() => pool.end());
    expect(serializationFailure).toMatchObject({ code: '40001' });
    let runs = 0;
    const failing = store.unitOfWork(async (tx) => {
      runs += 1;
      await tx.topologies.create(`attempt-${runs}`);
      throw new Error('the unit failed', { cause: serializationFailure });
    });
    await expect(failing).rejects.toMatchObject({ code: 'store_conflict', details: { attempts: CONFLICT_ATTEMPTS } });
    expect(runs).toBe(CONFLICT_ATTEMPTS);
    expect(await store.topologies.list()).toEqual([]);
  });

  it('does not run a unit again for a failure that is not a collision', async () => {
    let runs = 0;
    await expect(
      store.unitOfWork(async () => {
        runs += 1;
        throw new Error('not a collision');
      }),
    ).rejects.toThrow('not a collision');
    expect(runs).toBe(1);
  });
});

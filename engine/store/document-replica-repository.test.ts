import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import type { DocumentReplicaRecord, ReplicaServer } from './ports/document-replica-records.js';
import { openStore, type Store } from './store.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function store(): Store {
  const dir = tempDir('nimbus-replica-store-');
  const opened = openStore(dir.dir);
  cleanups.push(() => {
    opened.close();
    dir.remove();
  });
  return opened;
}

const ONE: ReplicaServer = { url: 'https://one.example.com/', tenant: 'acme' };
const record = (server: ReplicaServer, topologyId: string, changes: Partial<DocumentReplicaRecord> = {}): DocumentReplicaRecord => ({
  server,
  topologyId,
  name: `lab ${topologyId}`,
  document: new Uint8Array([1, 2, 3, 0, 255]),
  nodeCount: 3,
  serverHeads: ['a'.repeat(64)],
  waiting: false,
  nameWaiting: false,
  onServer: true,
  revision: 4,
  lastError: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...changes,
});

describe('the desktop’s store of document replicas', () => {
  it('keeps each server’s and tenant’s replicas apart, bytes and all, and counts what waits', async () => {
    const replicas = store().async.documentReplicas;
    const otherTenant = { ...ONE, tenant: 'globex' };
    const otherServer = { ...ONE, url: 'https://two.example.com/' };
    await replicas.put(record(ONE, 't1', { waiting: true }));
    await replicas.put(record(otherTenant, 't1', { name: 'theirs' }));
    await replicas.put(record(otherServer, 't1', { onServer: false }));
    expect(await replicas.get(ONE, 't1')).toEqual(record(ONE, 't1', { waiting: true }));
    expect((await replicas.get(otherTenant, 't1'))?.name).toBe('theirs');
    expect(await replicas.list(ONE)).toHaveLength(1);
    expect(await replicas.countWaiting()).toBe(2);

    // A write replaces the row (the time it was made stays).
    await replicas.put(
      record(ONE, 't1', {
        waiting: false,
        revision: 9,
        createdAt: '2030-01-01T00:00:00.000Z',
        lastError: { code: 'forbidden', message: 'no' },
      }),
    );
    expect(await replicas.get(ONE, 't1')).toMatchObject({
      revision: 9,
      createdAt: '2026-12-01T10:00:00.000Z',
      lastError: { code: 'forbidden' },
    });
    expect(await replicas.countWaiting()).toBe(1);
    expect(await replicas.remove(ONE, 't1')).toBe(true);
    expect(await replicas.remove(ONE, 't1')).toBe(false);
    expect(await replicas.get(otherTenant, 't1')).toBeDefined();
  });

  it('remembers user names per server, and who this desktop signed in as last', async () => {
    const replicas = store().async.documentReplicas;
    expect(await replicas.signedInUser(ONE)).toBeUndefined();
    await replicas.rememberUser(ONE, { userId: 'u1', userName: 'Ann' }, '2026-12-01T10:00:00.000Z');
    await replicas.rememberUser(ONE, { userId: 'u2', userName: 'Bob' });
    await replicas.rememberUser(ONE, { userId: 'u2', userName: 'Bob B.' });
    await replicas.rememberUser({ ...ONE, tenant: 'globex' }, { userId: 'u3', userName: 'Eve' }, '2026-12-02T10:00:00.000Z');
    expect(await replicas.users(ONE)).toEqual([
      { userId: 'u1', userName: 'Ann' },
      { userId: 'u2', userName: 'Bob B.' },
    ]);
    expect(await replicas.signedInUser(ONE)).toEqual({ userId: 'u1', userName: 'Ann' });
    // Seeing the user in an edit later does not forget that this desktop signs in as them.
    await replicas.rememberUser(ONE, { userId: 'u1', userName: 'Ann A.' });
    expect(await replicas.signedInUser(ONE)).toEqual({ userId: 'u1', userName: 'Ann A.' });
  });

  it('appends changes after the stored document without writing it again, drops them with a whole write, and loses nothing to a failed one', async () => {
    const replicas = store().async.documentReplicas;
    const first = record(ONE, 't1');
    await replicas.put(first);
    await replicas.append({ ...first, revision: 5, waiting: true }, new Uint8Array([7, 8]));
    await replicas.append({ ...first, revision: 6, waiting: true }, new Uint8Array([9]));
    // Fields only: nothing appended.
    await replicas.append({ ...first, revision: 7, waiting: true, name: 'renamed' }, new Uint8Array(0));
    const appended = await replicas.get(ONE, 't1');
    expect(appended).toEqual(
      record(ONE, 't1', {
        document: new Uint8Array([1, 2, 3, 0, 255, 7, 8, 9]),
        appendedChanges: 2,
        revision: 7,
        waiting: true,
        name: 'renamed',
      }),
    );
    expect((await replicas.list(ONE))[0]).toEqual(appended);

    // A whole write that fails (here: a name the table refuses) keeps the stored document and every appended change.
    await expect(replicas.put({ ...appended!, name: null as unknown as string, document: new Uint8Array([42]) })).rejects.toThrow();
    expect(await replicas.get(ONE, 't1')).toEqual(appended);

    await replicas.put({ ...appended!, document: new Uint8Array([4, 5]) });
    expect(await replicas.get(ONE, 't1')).toEqual(
      record(ONE, 't1', { document: new Uint8Array([4, 5]), revision: 7, waiting: true, name: 'renamed' }),
    );

    // Appending to a replica not stored yet stores it whole.
    await replicas.append(record(ONE, 't2'), new Uint8Array([6]));
    expect(await replicas.get(ONE, 't2')).toEqual(record(ONE, 't2'));
    // Dropping a replica drops its appended changes with it.
    await replicas.append(record(ONE, 't2'), new Uint8Array([6]));
    expect(await replicas.remove(ONE, 't2')).toBe(true);
    await replicas.put(record(ONE, 't2'));
    expect(await replicas.get(ONE, 't2')).toEqual(record(ONE, 't2'));
  });

  it('keeps a write that is not flushed on its own across a restart, and leaves every other write flushed', () => {
    const dir = tempDir('nimbus-replica-store-');
    cleanups.push(() => dir.remove());
    const first = openStore(dir.dir);
    first.documentReplicas.put(record(ONE, 't1'));
    first.documentReplicas.append(record(ONE, 't1', { revision: 5 }), new Uint8Array([7]), { durable: false });
    first.close();
    const again = openStore(dir.dir);
    cleanups.push(() => again.close());
    expect(again.documentReplicas.get(ONE, 't1')).toEqual(
      record(ONE, 't1', { revision: 5, document: new Uint8Array([1, 2, 3, 0, 255, 7]), appendedChanges: 1 }),
    );
  });
});

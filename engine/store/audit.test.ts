import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInRequest } from '../context/request-context.js';
import { tempDir } from '../test-support/temp-dir.js';
import { openSqlite } from './sqlite.js';
import { DATABASE_FILE, openStore, type Store } from './store.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('audit log', () => {
  it('names the caller, tenant, request and client address of a change made during a call', () => {
    const outside = store.topologies.create('before');
    const inside = runInRequest({ requestId: 'req-7', actor: 'ann', tenant: 'acme', clientAddress: '10.0.0.9' }, () =>
      store.topologies.create('during'),
    );
    const [during] = store.audit.history('topology', inside.id);
    expect(during).toMatchObject({
      actor: 'ann',
      tenant: 'acme',
      requestId: 'req-7',
      clientAddress: '10.0.0.9',
      action: 'topology.create',
    });
    const [before] = store.audit.history('topology', outside.id);
    expect(before).toMatchObject({ actor: 'local-user', tenant: 'default', requestId: null, clientAddress: null });
  });

  it('filters by actor, entity and time, newest first, a page at a time', () => {
    const ids = [1, 2, 3, 4, 5].map((n) =>
      runInRequest(
        { requestId: `r${n}`, actor: n % 2 ? 'ann' : 'bob', tenant: 't', clientAddress: null },
        () => store.topologies.create(`t${n}`).id,
      ),
    );
    const byAnn = store.audit.list({ actor: 'ann' });
    expect(byAnn.map((row) => row.requestId)).toEqual(['r5', 'r3', 'r1']);
    expect(store.audit.list({ entity: 'topology', entityId: ids[1]! }).map((row) => row.actor)).toEqual(['bob']);
    const firstPage = store.audit.list({ limit: 2 });
    expect(firstPage.map((row) => row.requestId)).toEqual(['r5', 'r4']);
    const next = store.audit.list({ limit: 2, beforeId: firstPage[1]!.id });
    expect(next.map((row) => row.requestId)).toEqual(['r3', 'r2']);
    expect(store.audit.list({ since: '2999-01-01T00:00:00Z' })).toEqual([]);
    expect(store.audit.list({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
  });

  it('is append-only in the database itself', () => {
    store.topologies.create('kept');
    const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(store.audit.list()).toEqual([expect.objectContaining({ actor: 'local-user', action: 'topology.create' })]);
  });
});

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

/** What the store contract cannot see through the ports: the SQLite table itself refuses changes. */
describe('audit log', () => {
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

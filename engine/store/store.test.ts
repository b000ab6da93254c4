import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { openSqlite } from './sqlite.js';
import { DATABASE_FILE, openStore } from './store.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

describe('openStore', () => {
  it('creates the database in WAL mode at the newest schema version', () => {
    const store = openStore(temp.dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();
    const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('reopens an existing database without losing data', () => {
    const first = openStore(temp.dir);
    const created = first.topologies.create('keep me');
    first.close();
    const second = openStore(temp.dir);
    expect(second.topologies.get(created.id).name).toBe('keep me');
    second.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    openStore(temp.dir).close();
    const file = path.join(temp.dir, DATABASE_FILE);
    const db = openSqlite(file);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(file);
    expect(() => openStore(temp.dir)).toThrow(/schema version 99, but this Nimbus understands up to/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('names an unwritable data directory', () => {
    const blocked = path.join(temp.dir, 'blocked');
    writeFileSync(blocked, 'a file, not a directory');
    expect(() => openStore(path.join(blocked, 'data'))).toThrow(/cannot be used/);
  });

  it.skipIf(process.getuid?.() === 0)('names a directory without write permission', () => {
    const dir = path.join(temp.dir, 'ro');
    openStore(dir).close();
    chmodSync(dir, 0o500);
    expect(() => openStore(dir)).toThrow(/permission denied/);
    chmodSync(dir, 0o700);
  });
});

describe('migrate', () => {
  it('rolls back a failing migration, keeping the previous version', () => {
    const file = path.join(temp.dir, 'm.db');
    const db = openSqlite(file);
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, migrations, file)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toEqual([{ name: 'a' }]);
    db.close();
    expect(existsSync(file)).toBe(true);
  });

  it('rejects gaps in migration numbers', () => {
    const db = openSqlite(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'x', up: () => {} }], ':memory:')).toThrow(/without gaps/);
    db.close();
  });
});

describe('topology drafts', () => {
  it('keeps the last autosave until the topology is saved, and refuses an unknown topology', () => {
    const temp = tempDir();
    const store = openStore(temp.dir);
    try {
      const topology = store.topologies.create('Draft test', { schemaVersion: 1, nodes: [], wires: [] });
      expect(store.topologies.getDraft(topology.id)).toBeNull();
      const edited = { schemaVersion: 1 as const, nodes: [{ id: 'n', label: 'n', component: 'local-network@1', position: { x: 1, y: 2 } }], wires: [] };
      store.topologies.saveDraft(topology.id, topology.revision, edited);
      expect(store.topologies.getDraft(topology.id)).toMatchObject({ baseRevision: topology.revision, document: edited });
      store.topologies.save(topology.id, topology.revision, edited);
      expect(store.topologies.getDraft(topology.id)).toBeNull();
      expect(() => store.topologies.saveDraft('nope', 1, edited)).toThrow('does not exist');
    } finally {
      store.close();
      temp.remove();
    }
  });
});

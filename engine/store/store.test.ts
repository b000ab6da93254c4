import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { openSqlite } from './sqlite.js';
import { DATABASE_FILE, openStore } from './store.js';

const runningAsRoot = process.getuid?.() === 0;
/** The user and group id of `nobody` (65534 on Debian and most Linux systems). */
const NOBODY = 65534;
const testSupport = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-support');

/**
 * Opens the store on each of `dirs` in a child process of an unprivileged user (`nobody` when the
 * tests run as root, else this user) and returns what the probe printed for each.
 */
function openStoreUnprivileged(...dirs: string[]): Record<string, unknown>[] {
  const probe = [
    '--import',
    pathToFileURL(path.join(testSupport, 'ts-register.mjs')).href,
    path.join(testSupport, 'open-store-probe.ts'),
    ...dirs,
  ];
  const output = runningAsRoot
    ? execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, ...probe], { encoding: 'utf8' })
    : execFileSync(process.execPath, probe, { encoding: 'utf8' });
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

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

  it('names a directory without write permission', { timeout: 120_000 }, () => {
    // A writable directory beside it shows the unprivileged user can open a store at all.
    const [writable, dir] = [path.join(temp.dir, 'rw'), path.join(temp.dir, 'ro')];
    openStore(writable).close();
    openStore(dir).close();
    if (runningAsRoot) {
      // Root ignores permissions: the check runs as `nobody`, who owns the directories.
      chmodSync(temp.dir, 0o755);
      for (const owned of [writable, dir])
        for (const file of [owned, ...readdirSync(owned).map((name) => path.join(owned, name))]) chownSync(file, NOBODY, NOBODY);
    }
    chmodSync(dir, 0o500);
    expect(openStoreUnprivileged(writable, dir)).toEqual([
      { opened: true },
      { error: expect.stringContaining(`The data directory ${dir} cannot be used: permission denied`), code: 'data_dir_unusable' },
    ]);
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
      const edited = {
        schemaVersion: 1 as const,
        nodes: [{ id: 'n', label: 'n', component: 'local-network@1', position: { x: 1, y: 2 } }],
        wires: [],
      };
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

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInRequest } from '../context/request-context.js';
import { tempDir } from '../test-support/temp-dir.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqlite } from './sqlite.js';
import { DATABASE_FILE, openStore } from './store.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

describe('the tenant migration of a data directory', () => {
  it('gives every existing record the local tenant, which keeps seeing it, and no other tenant', async () => {
    const file = path.join(temp.dir, DATABASE_FILE);
    const db = openSqlite(file);
    migrate(db, MIGRATIONS.slice(0, 15), file);
    const at = '2026-12-01T00:00:00.000Z';
    db.prepare(
      `INSERT INTO topologies (id, name, document, revision, created_at, updated_at) VALUES ('t-1', 'office', '{"schemaVersion":1,"nodes":[],"wires":[]}', 1, ?, ?)`,
    ).run(at, at);
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('theme', '"dark"', ?)`).run(at);
    db.prepare(`INSERT INTO jobs (id, kind, title, status, created_at) VALUES ('j-1', 'k', 'old job', 'succeeded', ?)`).run(at);
    db.prepare(
      `INSERT INTO job_events (job_id, seq, at, body) VALUES ('j-1', 1, ?, '{"type":"job.log","level":"info","message":"hi"}')`,
    ).run(at);
    db.prepare(
      `INSERT INTO components (id, name, provider, semantic_type, tenant, description, system, draft, draft_revision, created_at, updated_at)
       VALUES ('c-1', 'web', 'local', 'Container', NULL, '', 1, '{}', 1, ?, ?)`,
    ).run(at, at);
    db.prepare(
      `INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by) VALUES ('c-1', 1, '{}', '', ?, 'x')`,
    ).run(at);
    db.prepare(`INSERT INTO deploy_locks (environment, job_id, pid, acquired_at) VALUES ('dev', 'j-1', 1, ?)`).run(at);
    db.close();

    const store = openStore(temp.dir);
    try {
      const local = store.async;
      expect((await local.topologies.list()).map((t) => t.id)).toEqual(['t-1']);
      expect((await local.settings.get()).theme).toBe('dark');
      expect(await local.jobs.events('j-1')).toHaveLength(1);
      expect((await local.journal.locks()).map((l) => l.environment)).toEqual(['dev']);
      const other = { requestId: 'r', actor: 'x', tenant: 'other', clientAddress: null };
      expect(await runInRequest(other, () => local.topologies.list())).toEqual([]);
      expect(await runInRequest(other, () => local.jobs.list())).toEqual([]);
      // A provider-level component (no tenant) and its versions stay visible to every tenant.
      expect(await runInRequest(other, () => local.components.latest('c-1'))).toMatchObject({ version: 1 });
      // The same setting, topology name and lock per tenant: keys are per tenant now.
      await runInRequest(other, () => local.settings.update({ theme: 'light' }));
      expect((await local.settings.get()).theme).toBe('dark');
      expect(await runInRequest(other, () => local.journal.tryLock('dev', null))).toEqual({ acquired: true });
    } finally {
      store.close();
    }
  });
});

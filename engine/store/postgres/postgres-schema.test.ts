import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgPool, type PgPool } from './pg.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

const databases = useTestDatabases();

describe('PostgreSQL schema', () => {
  let database: TestDatabase;
  let pool: PgPool;
  // Per test, not per describe: a failing beforeAll would mark the tests skipped instead of failed.
  beforeEach(async () => {
    database = await databases.migrated();
    // These tests write rows directly, across tenants: the engine's own work, for every connection
    // (a failed statement makes the pool open a new one).
    const url = new URL(database.url);
    url.searchParams.set('options', '-c nimbus.engine_work=on');
    pool = createPgPool(url.toString(), { max: 1 });
  });
  afterEach(async () => {
    await pool?.end();
    await database?.drop();
  });

  const columns = async (where: string) =>
    (
      await pool.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND ${where} ORDER BY 1, 2`,
      )
    ).rows.map((row) => `${row.table_name}.${row.column_name}`);

  it('refuses changing or deleting published versions and event log rows', async () => {
    await pool.query(`INSERT INTO components (id, name, provider, semantic_type, description, draft, draft_revision, created_at, updated_at)
      VALUES ('c', 'web', 'local', 'Container', '', '{}', 1, now(), now())`);
    await pool.query(`INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by)
      VALUES ('c', 1, '{}', '', now(), 'ana')`);
    await pool.query(`INSERT INTO event_log (type, source, payload, outcomes, at) VALUES ('t', 'cli', '{}', '[]', now())`);
    await expect(pool.query(`UPDATE component_versions SET changelog = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM component_versions')).rejects.toThrow(/append-only/);
    await expect(pool.query(`UPDATE event_log SET type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM event_log')).rejects.toThrow(/append-only/);
  });

  it('refuses changing, deleting or truncating audit rows', async () => {
    await pool.query(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, trace_id) VALUES (now(), 'ann', 'x.create', 'x', '1', 't')`,
    );
    await expect(pool.query(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await pool.query('SELECT actor FROM audit_log')).rows).toEqual([{ actor: 'ann' }]);
  });

  it('keeps times as timestamptz, documents as jsonb and a tenant column on every record', async () => {
    // Every column holding a time is a timestamptz (none is text), so the server can compare and index them.
    expect(await columns(`(column_name LIKE '%\\_at' OR column_name = 'at') AND data_type <> 'timestamp with time zone'`)).toEqual([]);
    expect(await columns(`data_type = 'json'`)).toEqual([]);
    expect(await columns(`column_name = 'tenant'`)).toEqual(
      [
        'access_tokens',
        'approval_policies',
        'approval_requests',
        'audit_log',
        'baremetal_machines',
        'baremetal_registries',
        'baremetal_reservations',
        'cloud_accounts',
        'cmdb_items',
        'cmdb_relationships',
        'component_versions',
        'components',
        'custom_roles',
        'deploy_locks',
        'deployed_topologies',
        'deployment_journal',
        'deployments',
        'draft_documents',
        'drift_records',
        'environment_provisioning',
        'environment_templates',
        'environments',
        'event_log',
        'governance_policies',
        'idempotency_keys',
        'ipam_allocations',
        'ipam_pools',
        'job_events',
        'jobs',
        'landing_zone_bootstrap',
        'landing_zones',
        'leases',
        'naming_names',
        'notification_channels',
        'notification_subscriptions',
        'notification_templates',
        'notifications',
        'pricing_snapshots',
        'rate_cards',
        'role_bindings',
        'secrets',
        'settings',
        'stack_instances',
        'stack_state_history',
        'stack_versions',
        'stacks',
        'topologies',
        'topology_document_changes',
        'topology_documents',
        'topology_drafts',
        'user_groups',
        'users',
        'watched_objects',
      ].map((table) => `${table}.tenant`),
    );
    expect(await columns(`data_type = 'text' AND collation_name IS DISTINCT FROM 'C' AND table_name <> 'schema_migrations'`)).toEqual([]);
  });
});

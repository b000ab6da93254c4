import type { PostgresMigration } from '../migration.js';

/** Tables whose rows belong to one tenant, and for those that have one, the parent they take it from. */
export const TENANT_TABLES: readonly { table: string; parent?: [table: string, column: string]; catalog?: boolean }[] = [
  { table: 'settings' },
  { table: 'topologies' },
  { table: 'topology_drafts', parent: ['topologies', 'topology_id'] },
  { table: 'jobs' },
  { table: 'job_events', parent: ['jobs', 'job_id'] },
  { table: 'ipam_pools' },
  { table: 'ipam_allocations', parent: ['ipam_pools', 'pool_id'] },
  { table: 'naming_names' },
  { table: 'secrets' },
  { table: 'landing_zones', catalog: true },
  { table: 'environment_templates', parent: ['landing_zones', 'landing_zone_id'], catalog: true },
  { table: 'environments' },
  { table: 'components', catalog: true },
  { table: 'component_versions', parent: ['components', 'component_id'], catalog: true },
  { table: 'governance_policies' },
  { table: 'stacks', catalog: true },
  { table: 'stack_versions', parent: ['stacks', 'stack_id'], catalog: true },
  { table: 'stack_instances' },
  { table: 'stack_state_history', parent: ['stack_instances', 'instance_id'] },
  { table: 'event_log', parent: ['stack_instances', 'instance_id'] },
  { table: 'watched_objects', parent: ['deployments', 'deployment_id'] },
  { table: 'deployments' },
  { table: 'deployed_topologies' },
  { table: 'deployment_journal', parent: ['deployments', 'deployment_id'] },
  { table: 'deploy_locks' },
  { table: 'cmdb_items', parent: ['deployments', 'deployment_id'] },
  { table: 'cmdb_relationships', parent: ['cmdb_items', 'target_item'] },
  { table: 'drift_records', parent: ['deployments', 'deployment_id'] },
  { table: 'audit_log' },
];

/** Tables that already had a tenant column (components, stacks: null is provider-level; policies; audit). */
const HAD_TENANT = new Set(['components', 'stacks', 'governance_policies', 'audit_log']);

/**
 * Every record belongs to a tenant. The tenant of the transaction is in its settings
 * (`nimbus.tenant`, or `nimbus.engine_work` for the engine's own work across tenants), which the store
 * sets at the start of every transaction; these SQL functions read them for the repositories' scope
 * filters (`../../rows/tenant-sql.ts`) and the row-level security policies (next migration).
 *
 * Rows written before tenants existed belong to the provider (the oldest tenant without a parent):
 * on a shared server they were written by its provider, which `nimbus server init` bootstraps, and
 * what the provider owns stays visible to it. Without a provider yet, they belong to `default`, the
 * tenant a data directory uses. New rows take the tenant of the transaction (a column default), rows
 * with a parent take the parent's (a trigger). Per-name uniqueness becomes per tenant where two
 * tenants may use the same name (as in the SQLite store's migration 16).
 */
export const migration0007: PostgresMigration = {
  version: 7,
  name: 'tenants',
  async up(sql) {
    await sql.run(`
      CREATE FUNCTION nimbus_tenant() RETURNS text LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('nimbus.tenant', true), '') $$;
      CREATE FUNCTION nimbus_engine_work() RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT coalesce(current_setting('nimbus.engine_work', true), '') = 'on' $$;
      CREATE FUNCTION nimbus_new_tenant() RETURNS text LANGUAGE sql STABLE
        AS $$ SELECT CASE WHEN nimbus_engine_work() THEN 'default' ELSE nimbus_tenant() END $$;
      CREATE FUNCTION nimbus_inherit_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          parent_tenant text;
          parents integer;
        BEGIN
          EXECUTE format('SELECT tenant FROM %I WHERE id = $1', TG_ARGV[0]) INTO parent_tenant USING to_jsonb(NEW) ->> TG_ARGV[1];
          -- EXECUTE leaves FOUND alone; the row count says whether the parent was there (and visible).
          GET DIAGNOSTICS parents = ROW_COUNT;
          -- A visible parent gives its tenant (none for a provider-level catalog item); otherwise the transaction's.
          IF parents > 0 THEN NEW.tenant := parent_tenant; END IF;
          RETURN NEW;
        END $$;
    `);
    const provider = `coalesce((SELECT id FROM tenants WHERE parent IS NULL ORDER BY created_at, id LIMIT 1), 'default')`;
    await sql.run(`
      ALTER TABLE component_versions DISABLE TRIGGER component_versions_immutable;
      ALTER TABLE stack_versions DISABLE TRIGGER stack_versions_immutable;
      ALTER TABLE event_log DISABLE TRIGGER event_log_append_only;
    `);
    for (const { table, parent, catalog } of TENANT_TABLES) {
      if (!HAD_TENANT.has(table)) {
        await sql.run(`ALTER TABLE ${table} ADD COLUMN tenant text COLLATE "C"`);
        await sql.run(
          parent && catalog
            ? `UPDATE ${table} c SET tenant = p.tenant FROM ${parent[0]} p WHERE p.id = c.${parent[1]}`
            : `UPDATE ${table} SET tenant = ${provider}`,
        );
        if (!catalog) await sql.run(`ALTER TABLE ${table} ALTER COLUMN tenant SET NOT NULL`);
      } else if (table === 'audit_log') {
        continue;
      }
      await sql.run(`ALTER TABLE ${table} ALTER COLUMN tenant SET DEFAULT nimbus_new_tenant()`);
      if (parent) {
        await sql.run(
          `CREATE TRIGGER ${table}_tenant BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION nimbus_inherit_tenant('${parent[0]}', '${parent[1]}')`,
        );
      }
    }
    await sql.run(`
      ALTER TABLE component_versions ENABLE TRIGGER component_versions_immutable;
      ALTER TABLE stack_versions ENABLE TRIGGER stack_versions_immutable;
      ALTER TABLE event_log ENABLE TRIGGER event_log_append_only;
      -- Components and stacks stay provider-level (no tenant) when they were; the others were the provider's.
      ALTER TABLE settings DROP CONSTRAINT settings_pkey, ADD PRIMARY KEY (tenant, key);
      ALTER TABLE deployed_topologies DROP CONSTRAINT deployed_topologies_pkey, ADD PRIMARY KEY (tenant, environment, topology);
      ALTER TABLE deploy_locks DROP CONSTRAINT deploy_locks_pkey, ADD PRIMARY KEY (tenant, environment);
      DROP INDEX ipam_pools_live_name;
      CREATE UNIQUE INDEX ipam_pools_live_name ON ipam_pools (tenant, scope, name) WHERE deleted_at IS NULL;
      DROP INDEX naming_names_live;
      CREATE UNIQUE INDEX naming_names_live ON naming_names (tenant, scope, name) WHERE released_at IS NULL;
      DROP INDEX secrets_live_name;
      CREATE UNIQUE INDEX secrets_live_name ON secrets (tenant, scope, name) WHERE released_at IS NULL;
      DROP INDEX landing_zones_live_name;
      CREATE UNIQUE INDEX landing_zones_live_name ON landing_zones (tenant, name) WHERE deleted_at IS NULL;
      DROP INDEX environments_live_name;
      CREATE UNIQUE INDEX environments_live_name ON environments (tenant, name) WHERE deleted_at IS NULL;
      DROP INDEX deployments_live_node;
      CREATE UNIQUE INDEX deployments_live_node ON deployments (tenant, environment, topology, node_id) WHERE status <> 'destroyed';
      DROP INDEX stack_instances_live_name;
      CREATE UNIQUE INDEX stack_instances_live_name ON stack_instances (tenant, environment, name) WHERE deleted_at IS NULL;
      CREATE INDEX topologies_tenant ON topologies (tenant, updated_at);
      CREATE INDEX jobs_tenant ON jobs (tenant, created_at);
      CREATE INDEX deployments_tenant ON deployments (tenant, updated_at);
      CREATE INDEX audit_log_tenant ON audit_log (tenant, id);
    `);
  },
};

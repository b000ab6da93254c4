import type { Migration } from '../migration.js';

/** Tables whose rows belong to one tenant; existing rows belong to the local tenant. */
const TENANT_TABLES = [
  'topologies',
  'topology_drafts',
  'component_drafts',
  'jobs',
  'job_events',
  'ipam_pools',
  'ipam_allocations',
  'naming_names',
  'secrets',
  'landing_zones',
  'environment_templates',
  'environments',
  'deployments',
  'deployment_journal',
  'cmdb_items',
  'cmdb_relationships',
  'drift_records',
  'stack_instances',
  'stack_state_history',
  'event_log',
  'watched_objects',
];

/**
 * Every record belongs to a tenant. Rows written before tenants existed belong to the local tenant
 * (`default`), the only one a data directory has. Published versions belong to their component's or
 * stack's tenant (none for provider-level ones, which every tenant sees). Names that two tenants may
 * reasonably both use are unique per tenant: settings keys, IPAM pool names, issued names, secret
 * names, landing zone and environment names, deployed topologies, deploy locks (per environment),
 * stack instance names and a node's live deployment. Ids stay unique across tenants.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'tenants',
  up(db) {
    for (const table of TENANT_TABLES) db.exec(`ALTER TABLE ${table} ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default'`);
    db.exec(`
      DROP TRIGGER component_versions_no_update;
      ALTER TABLE component_versions ADD COLUMN tenant TEXT;
      UPDATE component_versions SET tenant = (SELECT tenant FROM components WHERE components.id = component_id);
      CREATE TRIGGER component_versions_no_update BEFORE UPDATE ON component_versions
        BEGIN SELECT RAISE(ABORT, 'published component versions are immutable'); END;

      DROP TRIGGER stack_versions_no_update;
      ALTER TABLE stack_versions ADD COLUMN tenant TEXT;
      UPDATE stack_versions SET tenant = (SELECT tenant FROM stacks WHERE stacks.id = stack_id);
      CREATE TRIGGER stack_versions_no_update BEFORE UPDATE ON stack_versions
        BEGIN SELECT RAISE(ABORT, 'published stack versions are immutable'); END;

      CREATE TABLE settings_by_tenant (
        tenant TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, key)
      ) STRICT;
      INSERT INTO settings_by_tenant (tenant, key, value, updated_at) SELECT 'default', key, value, updated_at FROM settings;
      DROP TABLE settings;
      ALTER TABLE settings_by_tenant RENAME TO settings;

      CREATE TABLE deployed_topologies_by_tenant (
        tenant TEXT NOT NULL,
        environment TEXT NOT NULL,
        topology TEXT NOT NULL,
        document TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, environment, topology)
      ) STRICT;
      INSERT INTO deployed_topologies_by_tenant (tenant, environment, topology, document, updated_at)
        SELECT 'default', environment, topology, document, updated_at FROM deployed_topologies;
      DROP TABLE deployed_topologies;
      ALTER TABLE deployed_topologies_by_tenant RENAME TO deployed_topologies;

      CREATE TABLE deploy_locks_by_tenant (
        tenant TEXT NOT NULL,
        environment TEXT NOT NULL,
        job_id TEXT,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        PRIMARY KEY (tenant, environment)
      ) STRICT;
      INSERT INTO deploy_locks_by_tenant (tenant, environment, job_id, pid, acquired_at)
        SELECT 'default', environment, job_id, pid, acquired_at FROM deploy_locks;
      DROP TABLE deploy_locks;
      ALTER TABLE deploy_locks_by_tenant RENAME TO deploy_locks;

      DROP INDEX ipam_pools_live_name;
      CREATE UNIQUE INDEX ipam_pools_live_name ON ipam_pools (tenant, scope, name) WHERE deleted_at IS NULL;
      DROP INDEX naming_names_live;
      CREATE UNIQUE INDEX naming_names_live ON naming_names (tenant, scope, name) WHERE released_at IS NULL;
      DROP INDEX naming_names_series;
      CREATE INDEX naming_names_series ON naming_names (tenant, scope, series, seq);
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
      CREATE INDEX topologies_tenant ON topologies (tenant, deleted_at);
      CREATE INDEX jobs_tenant ON jobs (tenant, created_at);
      CREATE INDEX audit_log_tenant ON audit_log (tenant, id);
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * Deployed components and what surrounds them: the journal written before every Pulumi operation
 * (crash recovery reads it), the last deployed document of each topology per environment, the
 * per-environment deploy lock, CMDB configuration items and relationships, and drift records.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'deployments',
  up(db) {
    db.exec(`
      -- Which process runs a job: another live process's running job is not "interrupted".
      ALTER TABLE jobs ADD COLUMN pid INTEGER;

      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        environment TEXT NOT NULL,
        topology TEXT NOT NULL,
        node_id TEXT NOT NULL,
        label TEXT NOT NULL,
        component TEXT NOT NULL,
        version INTEGER NOT NULL,
        provider TEXT NOT NULL,
        semantic_type TEXT NOT NULL,
        stack_name TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'deploying', 'deployed', 'failed', 'destroying', 'destroyed', 'upgrading')),
        ever_deployed INTEGER NOT NULL DEFAULT 0,
        values_json TEXT NOT NULL,
        fingerprint TEXT NOT NULL DEFAULT '',
        outputs_json TEXT NOT NULL DEFAULT '{}',
        error_json TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deployed_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX deployments_live_node ON deployments (environment, topology, node_id) WHERE status <> 'destroyed';
      CREATE INDEX deployments_by_environment ON deployments (environment, topology);

      CREATE TABLE deployed_topologies (
        environment TEXT NOT NULL,
        topology TEXT NOT NULL,
        document TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (environment, topology)
      ) STRICT;

      CREATE TABLE deployment_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deployment_id TEXT NOT NULL REFERENCES deployments (id),
        job_id TEXT,
        operation TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT
      ) STRICT;
      CREATE INDEX deployment_journal_open ON deployment_journal (finished_at) WHERE finished_at IS NULL;
      CREATE INDEX deployment_journal_by_deployment ON deployment_journal (deployment_id);

      CREATE TABLE deploy_locks (
        environment TEXT PRIMARY KEY,
        job_id TEXT,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cmdb_items (
        id TEXT PRIMARY KEY,
        deployment_id TEXT NOT NULL REFERENCES deployments (id),
        environment TEXT NOT NULL,
        name TEXT NOT NULL,
        semantic_type TEXT NOT NULL,
        provider TEXT NOT NULL,
        provider_id TEXT,
        urn TEXT,
        attributes TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'decommissioned')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        decommissioned_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX cmdb_items_live ON cmdb_items (deployment_id) WHERE status = 'active';

      CREATE TABLE cmdb_relationships (
        source_item TEXT NOT NULL REFERENCES cmdb_items (id),
        target_item TEXT NOT NULL REFERENCES cmdb_items (id),
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (source_item, target_item, detail)
      ) STRICT;

      CREATE TABLE drift_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deployment_id TEXT NOT NULL REFERENCES deployments (id),
        job_id TEXT,
        checked_at TEXT NOT NULL,
        drifted INTEGER NOT NULL,
        entries TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drift_records_by_deployment ON drift_records (deployment_id, id);
    `);
  },
};

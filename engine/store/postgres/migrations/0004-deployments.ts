import type { PostgresMigration } from '../migration.js';

/**
 * Deployed components and what surrounds them: the journal written before every Pulumi operation
 * (crash recovery reads it), the last deployed document of each topology per environment, the
 * per-environment deploy locks (one row per held lock: the primary key makes taking one atomic),
 * CMDB configuration items (one active per deployment) and relationships, and the drift history
 * folded to changes.
 */
export const migration0004: PostgresMigration = {
  version: 4,
  name: 'deployments',
  async up(sql) {
    await sql.run(`
      CREATE TABLE deployments (
        id text COLLATE "C" PRIMARY KEY,
        -- Insertion order, for lists of deployments changed in the same millisecond.
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        environment text COLLATE "C" NOT NULL,
        topology text COLLATE "C" NOT NULL,
        node_id text COLLATE "C" NOT NULL,
        label text COLLATE "C" NOT NULL,
        component text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        provider text COLLATE "C" NOT NULL,
        semantic_type text COLLATE "C" NOT NULL,
        stack_name text COLLATE "C" NOT NULL UNIQUE,
        owner text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('pending', 'deploying', 'deployed', 'failed', 'destroying', 'destroyed', 'upgrading')),
        ever_deployed boolean NOT NULL DEFAULT false,
        drifted boolean NOT NULL DEFAULT false,
        values_json jsonb NOT NULL,
        fingerprint text COLLATE "C" NOT NULL DEFAULT '',
        outputs_json jsonb NOT NULL DEFAULT '{}',
        error_json jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deployed_at timestamptz
      );
      CREATE UNIQUE INDEX deployments_live_node ON deployments (environment, topology, node_id) WHERE status <> 'destroyed';
      CREATE INDEX deployments_by_environment ON deployments (environment, topology);

      CREATE TABLE deployed_topologies (
        environment text COLLATE "C" NOT NULL,
        topology text COLLATE "C" NOT NULL,
        document jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (environment, topology)
      );

      CREATE TABLE deployment_journal (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deployment_id text COLLATE "C" NOT NULL REFERENCES deployments (id),
        job_id text COLLATE "C",
        operation text COLLATE "C" NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome text COLLATE "C"
      );
      CREATE INDEX deployment_journal_open ON deployment_journal (id) WHERE finished_at IS NULL;
      CREATE INDEX deployment_journal_by_deployment ON deployment_journal (deployment_id, id);

      CREATE TABLE deploy_locks (
        environment text COLLATE "C" PRIMARY KEY,
        job_id text COLLATE "C",
        pid integer NOT NULL,
        acquired_at timestamptz NOT NULL
      );

      CREATE TABLE cmdb_items (
        id text COLLATE "C" PRIMARY KEY,
        deployment_id text COLLATE "C" NOT NULL REFERENCES deployments (id),
        environment text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        semantic_type text COLLATE "C" NOT NULL,
        provider text COLLATE "C" NOT NULL,
        provider_id text COLLATE "C",
        urn text COLLATE "C",
        attributes jsonb NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('active', 'decommissioned')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        decommissioned_at timestamptz
      );
      CREATE UNIQUE INDEX cmdb_items_live ON cmdb_items (deployment_id) WHERE status = 'active';

      CREATE TABLE cmdb_relationships (
        source_item text COLLATE "C" NOT NULL REFERENCES cmdb_items (id),
        target_item text COLLATE "C" NOT NULL REFERENCES cmdb_items (id),
        kind text COLLATE "C" NOT NULL,
        detail text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (source_item, target_item, detail)
      );
      CREATE INDEX cmdb_relationships_target ON cmdb_relationships (target_item);

      CREATE TABLE drift_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deployment_id text COLLATE "C" NOT NULL REFERENCES deployments (id),
        job_id text COLLATE "C",
        checked_at timestamptz NOT NULL,
        last_checked_at timestamptz NOT NULL,
        checks integer NOT NULL DEFAULT 1,
        change text COLLATE "C" NOT NULL,
        note text COLLATE "C",
        drifted boolean NOT NULL,
        entries jsonb NOT NULL
      );
      CREATE INDEX drift_records_by_deployment ON drift_records (deployment_id, id);
    `);
  },
};

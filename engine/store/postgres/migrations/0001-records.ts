import type { PostgresMigration } from '../migration.js';

/**
 * Settings, topologies (revisions, soft delete, autosaved drafts), the audit log, and jobs with
 * their event streams. Every text column of the schema uses the C collation: order and equality
 * are byte-wise, as in SQLite, whatever the server's default locale. Tables without a `tenant` column hold records that have none yet; tenancy
 * (and row-level security keyed on it) arrives with its own migration.
 */
export const migration0001: PostgresMigration = {
  version: 1,
  name: 'records',
  async up(sql) {
    await sql.run(`
      CREATE TABLE settings (
        key text COLLATE "C" PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE topologies (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        document jsonb NOT NULL,
        revision integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE INDEX topologies_live ON topologies (updated_at DESC, name) WHERE deleted_at IS NULL;

      CREATE TABLE topology_drafts (
        topology_id text COLLATE "C" PRIMARY KEY REFERENCES topologies (id),
        base_revision integer NOT NULL,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text COLLATE "C" NOT NULL,
        action text COLLATE "C" NOT NULL,
        entity text COLLATE "C" NOT NULL,
        entity_id text COLLATE "C" NOT NULL,
        old_value jsonb,
        new_value jsonb,
        trace_id text COLLATE "C" NOT NULL
      );
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

      CREATE TABLE jobs (
        id text COLLATE "C" PRIMARY KEY,
        -- Insertion order: lists of jobs created in the same millisecond stay in the order they were made.
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind text COLLATE "C" NOT NULL,
        title text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        pid integer,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        error jsonb,
        result jsonb
      );
      CREATE INDEX jobs_running ON jobs (id) WHERE status = 'running';
      CREATE INDEX jobs_recent ON jobs (created_at DESC, seq DESC);

      CREATE TABLE job_events (
        job_id text COLLATE "C" NOT NULL REFERENCES jobs (id),
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `);
  },
};

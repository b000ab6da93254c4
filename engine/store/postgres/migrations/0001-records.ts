import type { PostgresMigration } from '../migration.js';

/**
 * Settings, topologies (revisions, soft delete, autosaved drafts), the audit log, and jobs with
 * their event streams. Tables without a `tenant` column hold records that have none yet; tenancy
 * (and row-level security keyed on it) arrives with its own migration.
 */
export const migration0001: PostgresMigration = {
  version: 1,
  name: 'records',
  async up(sql) {
    await sql.run(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE topologies (
        id text PRIMARY KEY,
        name text NOT NULL,
        document jsonb NOT NULL,
        revision integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE INDEX topologies_live ON topologies (updated_at DESC, name) WHERE deleted_at IS NULL;

      CREATE TABLE topology_drafts (
        topology_id text PRIMARY KEY REFERENCES topologies (id),
        base_revision integer NOT NULL,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        old_value jsonb,
        new_value jsonb,
        trace_id text NOT NULL
      );
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

      CREATE TABLE jobs (
        id text PRIMARY KEY,
        -- Insertion order: lists of jobs created in the same millisecond stay in the order they were made.
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind text NOT NULL,
        title text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        pid integer,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        error jsonb,
        result jsonb
      );
      CREATE INDEX jobs_running ON jobs (id) WHERE status = 'running';
      CREATE INDEX jobs_recent ON jobs (created_at DESC, seq DESC);

      CREATE TABLE job_events (
        job_id text NOT NULL REFERENCES jobs (id),
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `);
  },
};

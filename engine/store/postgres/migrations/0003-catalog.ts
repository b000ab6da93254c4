import type { PostgresMigration } from '../migration.js';

/**
 * The catalog: components and stacks with editable drafts and immutable published versions (a
 * trigger refuses changing or deleting a version), per-tenant governance policies, stack instances
 * with their persisted state machine, their state history, the append-only event log and what the
 * object poller last saw. `tenant` is null for provider-level (shared) rows.
 */
export const migration0003: PostgresMigration = {
  version: 3,
  name: 'catalog',
  async up(sql) {
    await sql.run(`
      CREATE FUNCTION nimbus_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: its rows are never changed or deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END
      $$;

      CREATE TABLE components (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C",
        name text COLLATE "C" NOT NULL,
        provider text COLLATE "C" NOT NULL,
        semantic_type text COLLATE "C" NOT NULL,
        description text COLLATE "C" NOT NULL,
        system boolean NOT NULL DEFAULT false,
        draft jsonb NOT NULL,
        draft_revision integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX components_live_name ON components (coalesce(tenant, ''), name) WHERE deleted_at IS NULL;

      CREATE TABLE component_versions (
        component_id text COLLATE "C" NOT NULL REFERENCES components (id),
        version integer NOT NULL,
        definition jsonb NOT NULL,
        changelog text COLLATE "C" NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (component_id, version)
      );
      CREATE TRIGGER component_versions_immutable BEFORE UPDATE OR DELETE ON component_versions
        FOR EACH ROW EXECUTE FUNCTION nimbus_refuse_change();

      CREATE TABLE governance_policies (
        tenant text COLLATE "C" PRIMARY KEY,
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE stacks (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C",
        name text COLLATE "C" NOT NULL,
        description text COLLATE "C" NOT NULL,
        draft jsonb NOT NULL,
        draft_revision integer NOT NULL,
        forked_from_stack text COLLATE "C",
        forked_from_version integer,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX stacks_live_name ON stacks (coalesce(tenant, ''), name) WHERE deleted_at IS NULL;

      CREATE TABLE stack_versions (
        stack_id text COLLATE "C" NOT NULL REFERENCES stacks (id),
        version integer NOT NULL,
        definition jsonb NOT NULL,
        changelog text COLLATE "C" NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (stack_id, version)
      );
      CREATE TRIGGER stack_versions_immutable BEFORE UPDATE OR DELETE ON stack_versions
        FOR EACH ROW EXECUTE FUNCTION nimbus_refuse_change();

      CREATE TABLE stack_instances (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        stack_id text COLLATE "C" NOT NULL REFERENCES stacks (id),
        version integer NOT NULL,
        environment text COLLATE "C" NOT NULL,
        params jsonb NOT NULL,
        state text COLLATE "C" NOT NULL,
        busy boolean NOT NULL DEFAULT false,
        activity jsonb,
        last_job jsonb,
        snapshot jsonb,
        machine_version integer NOT NULL,
        outputs jsonb NOT NULL DEFAULT '{}',
        last_error text COLLATE "C",
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX stack_instances_live_name ON stack_instances (environment, name) WHERE deleted_at IS NULL;

      CREATE TABLE stack_state_history (
        instance_id text COLLATE "C" NOT NULL REFERENCES stack_instances (id),
        seq integer NOT NULL,
        from_state text COLLATE "C",
        to_state text COLLATE "C" NOT NULL,
        trigger text COLLATE "C" NOT NULL,
        cause text COLLATE "C" NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, seq)
      );

      CREATE TABLE event_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        instance_id text COLLATE "C",
        payload jsonb NOT NULL,
        outcomes jsonb NOT NULL,
        at timestamptz NOT NULL
      );
      CREATE INDEX event_log_instance ON event_log (instance_id, id);
      CREATE INDEX event_log_outcomes ON event_log USING gin (outcomes jsonb_path_ops);
      CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON event_log
        FOR EACH ROW EXECUTE FUNCTION nimbus_refuse_change();

      CREATE TABLE watched_objects (
        deployment_id text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        fingerprint text COLLATE "C",
        condition text COLLATE "C" NOT NULL,
        checked_at timestamptz NOT NULL,
        PRIMARY KEY (deployment_id, path)
      );
    `);
  },
};

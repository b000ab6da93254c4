import type { Migration } from '../migration.js';

/**
 * Stacks: editable drafts and immutable published versions (triggers refuse changing a version);
 * stack instances with their persisted state machine snapshot and the machine version that wrote it;
 * the state history of each instance; and the append-only event log (no UPDATE, no DELETE).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'stacks',
  up(db) {
    db.exec(`
      CREATE TABLE stacks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tenant TEXT,
        description TEXT NOT NULL,
        draft TEXT NOT NULL,
        draft_revision INTEGER NOT NULL,
        forked_from_stack TEXT,
        forked_from_version INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX stacks_live_name ON stacks (coalesce(tenant, ''), name) WHERE deleted_at IS NULL;

      CREATE TABLE stack_versions (
        stack_id TEXT NOT NULL REFERENCES stacks (id),
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        changelog TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        PRIMARY KEY (stack_id, version)
      ) STRICT;
      CREATE TRIGGER stack_versions_no_update BEFORE UPDATE ON stack_versions
        BEGIN SELECT RAISE(ABORT, 'published stack versions are immutable'); END;
      CREATE TRIGGER stack_versions_no_delete BEFORE DELETE ON stack_versions
        BEGIN SELECT RAISE(ABORT, 'published stack versions are immutable'); END;

      CREATE TABLE stack_instances (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        stack_id TEXT NOT NULL REFERENCES stacks (id),
        version INTEGER NOT NULL,
        environment TEXT NOT NULL,
        params TEXT NOT NULL,
        state TEXT NOT NULL,
        busy INTEGER NOT NULL DEFAULT 0,
        activity TEXT,
        last_job TEXT,
        snapshot TEXT,
        machine_version INTEGER NOT NULL,
        outputs TEXT NOT NULL DEFAULT '{}',
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX stack_instances_live_name ON stack_instances (environment, name) WHERE deleted_at IS NULL;

      CREATE TABLE stack_state_history (
        instance_id TEXT NOT NULL REFERENCES stack_instances (id),
        seq INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        trigger TEXT NOT NULL,
        cause TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (instance_id, seq)
      ) STRICT;

      CREATE TABLE event_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        instance_id TEXT,
        payload TEXT NOT NULL,
        outcomes TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX event_log_instance ON event_log (instance_id, id);
      CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

      CREATE TABLE watched_objects (
        deployment_id TEXT NOT NULL,
        path TEXT NOT NULL,
        fingerprint TEXT,
        condition TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (deployment_id, path)
      ) STRICT;
    `);
  },
};

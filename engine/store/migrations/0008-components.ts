import type { Migration } from '../migration.js';

/**
 * Catalog components: an editable draft per component and immutable published versions (triggers
 * refuse any UPDATE or DELETE of a version), plus per-tenant governance policies.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'components',
  up(db) {
    db.exec(`
      CREATE TABLE components (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        provider TEXT NOT NULL,
        semantic_type TEXT NOT NULL,
        tenant TEXT,
        description TEXT NOT NULL,
        system INTEGER NOT NULL DEFAULT 0,
        draft TEXT NOT NULL,
        draft_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX components_live_name ON components (coalesce(tenant, ''), name) WHERE deleted_at IS NULL;

      CREATE TABLE component_versions (
        component_id TEXT NOT NULL REFERENCES components (id),
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        changelog TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        PRIMARY KEY (component_id, version)
      ) STRICT;
      CREATE TRIGGER component_versions_no_update BEFORE UPDATE ON component_versions
        BEGIN SELECT RAISE(ABORT, 'published component versions are immutable'); END;
      CREATE TRIGGER component_versions_no_delete BEFORE DELETE ON component_versions
        BEGIN SELECT RAISE(ABORT, 'published component versions are immutable'); END;

      CREATE TABLE governance_policies (
        tenant TEXT PRIMARY KEY,
        policy TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};

import type { Migration } from '../migration.js';

/** Landing zones (one per provider backend), environment templates and environments. */
export const migration0007: Migration = {
  version: 7,
  name: 'landing-zones',
  up(db) {
    db.exec(`
      CREATE TABLE landing_zones (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        provider TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        resolver_config TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX landing_zones_live_name ON landing_zones (name) WHERE deleted_at IS NULL;

      CREATE TABLE environment_templates (
        id TEXT PRIMARY KEY,
        landing_zone_id TEXT NOT NULL REFERENCES landing_zones (id),
        name TEXT NOT NULL,
        mandatory_components TEXT NOT NULL,
        resolver_overrides TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX environment_templates_live_name ON environment_templates (landing_zone_id, name) WHERE deleted_at IS NULL;

      CREATE TABLE environments (
        id TEXT PRIMARY KEY,
        landing_zone_id TEXT NOT NULL REFERENCES landing_zones (id),
        template_id TEXT REFERENCES environment_templates (id),
        name TEXT NOT NULL,
        resolver_overrides TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX environments_live_name ON environments (name) WHERE deleted_at IS NULL;
    `);
  },
};

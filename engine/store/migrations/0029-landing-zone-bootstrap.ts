import type { Migration } from '../migration.js';

/**
 * Landing-zone bootstrap and environment provisioning, in tables of their own beside the landing
 * zones and environments they describe (so those rows stay as they were). `landing_zone_bootstrap`:
 * a zone's system services (a topology document), the revision last published, the publish status
 * and its job, in the zone's tenant. `environment_provisioning`: an environment's status while its
 * template's mandatory components are deployed, why it failed, its job, and for a zone's system
 * environment the zone. An environment without a row is active, which is what every environment
 * made before this migration is.
 */
export const migration0029: Migration = {
  version: 29,
  name: 'landing-zone-bootstrap',
  up(db) {
    db.exec(`
      CREATE TABLE landing_zone_bootstrap (
        landing_zone_id TEXT PRIMARY KEY REFERENCES landing_zones(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'publishing', 'published', 'failed')),
        status_reason TEXT,
        services TEXT NOT NULL,
        services_revision INTEGER NOT NULL,
        published_revision INTEGER,
        publishing_revision INTEGER,
        system_environment_id TEXT,
        job_id TEXT,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        tenant TEXT
      ) STRICT;

      CREATE TABLE environment_provisioning (
        environment_id TEXT PRIMARY KEY REFERENCES environments(id),
        status TEXT NOT NULL CHECK (status IN ('provisioning', 'active', 'failed')),
        status_reason TEXT,
        job_id TEXT,
        system_of TEXT,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        tenant TEXT NOT NULL
      ) STRICT;
    `);
  },
};

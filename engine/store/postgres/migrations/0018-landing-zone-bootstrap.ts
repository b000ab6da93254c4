import { own, visible, writable } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Landing-zone bootstrap and environment provisioning (as the SQLite store's migration 29): a zone's
 * system services and their publication, in the zone's tenant and visible like the zone itself
 * (changed only by those who may change the zone); an environment's provisioning status, in the
 * environment's tenant. No row: the environment is active. Row-level security like their neighbours.
 */
export const migration0018: PostgresMigration = {
  version: 18,
  name: 'landing-zone-bootstrap',
  async up(sql) {
    await sql.run(`
      CREATE TABLE landing_zone_bootstrap (
        landing_zone_id text COLLATE "C" PRIMARY KEY REFERENCES landing_zones(id),
        status text COLLATE "C" NOT NULL CHECK (status IN ('draft', 'publishing', 'published', 'failed')),
        status_reason text COLLATE "C",
        services jsonb NOT NULL,
        services_revision integer NOT NULL,
        published_revision integer,
        publishing_revision integer,
        system_environment_id text COLLATE "C",
        job_id text COLLATE "C",
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        tenant text COLLATE "C"
      );
      CREATE TABLE environment_provisioning (
        environment_id text COLLATE "C" PRIMARY KEY REFERENCES environments(id),
        status text COLLATE "C" NOT NULL CHECK (status IN ('provisioning', 'active', 'failed')),
        status_reason text COLLATE "C",
        job_id text COLLATE "C",
        system_of text COLLATE "C",
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant()
      );
      ALTER TABLE landing_zone_bootstrap ENABLE ROW LEVEL SECURITY;
      ALTER TABLE landing_zone_bootstrap FORCE ROW LEVEL SECURITY;
      ALTER TABLE environment_provisioning ENABLE ROW LEVEL SECURITY;
      ALTER TABLE environment_provisioning FORCE ROW LEVEL SECURITY;
    `);
    await sql.run(`CREATE POLICY tenant_read ON landing_zone_bootstrap FOR SELECT USING ${visible()}`);
    await sql.run(`CREATE POLICY tenant_write ON landing_zone_bootstrap FOR ALL USING ${writable()} WITH CHECK ${writable()}`);
    await sql.run(`CREATE POLICY tenant_rows ON environment_provisioning FOR ALL USING ${own()} WITH CHECK ${own()}`);
  },
};

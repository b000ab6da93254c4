import { visible, writable } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Cloud accounts: one row per landing zone with the provider's credentials (non-secret fields as
 * JSON, the secret ones as one AES-256-GCM ciphertext). The row belongs to its landing zone's tenant
 * and row-level security treats it like the zone's templates: readable where the zone is visible,
 * writable where the zone is. A hard delete of the zone cascades to it.
 */
export const migration0017: PostgresMigration = {
  version: 17,
  name: 'cloud-accounts',
  async up(sql) {
    await sql.run(`
      CREATE TABLE cloud_accounts (
        landing_zone_id text COLLATE "C" PRIMARY KEY REFERENCES landing_zones (id) ON DELETE CASCADE,
        provider text COLLATE "C" NOT NULL,
        settings jsonb NOT NULL,
        ciphertext bytea NOT NULL,
        iv bytea NOT NULL,
        tag bytea NOT NULL,
        secret_set_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        tenant text COLLATE "C"
      );
      ALTER TABLE cloud_accounts ENABLE ROW LEVEL SECURITY;
      ALTER TABLE cloud_accounts FORCE ROW LEVEL SECURITY;
    `);
    await sql.run(`CREATE POLICY tenant_read ON cloud_accounts FOR SELECT USING ${visible()}`);
    await sql.run(`CREATE POLICY tenant_write ON cloud_accounts FOR ALL USING ${writable()} WITH CHECK ${writable()}`);
  },
};

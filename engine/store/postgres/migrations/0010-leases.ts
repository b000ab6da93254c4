import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Offline leases: addresses and names set aside for one desktop (they are allocations and names
 * owned by the lease). A tenant table with row-level security like the others.
 */
export const migration0010: PostgresMigration = {
  version: 10,
  name: 'leases',
  async up(sql) {
    await sql.run(`
      CREATE TABLE leases (
        id text COLLATE "C" PRIMARY KEY,
        environment text COLLATE "C" NOT NULL,
        client text COLLATE "C" NOT NULL,
        actor text COLLATE "C",
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_reason text COLLATE "C",
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant()
      );
      CREATE INDEX leases_live ON leases (tenant, expires_at) WHERE ended_at IS NULL;
      CREATE INDEX leases_client ON leases (tenant, client);
      ALTER TABLE leases ENABLE ROW LEVEL SECURITY;
      ALTER TABLE leases FORCE ROW LEVEL SECURITY;
    `);
    await sql.run(`CREATE POLICY tenant_rows ON leases FOR ALL USING ${own()} WITH CHECK ${own()}`);
  },
};

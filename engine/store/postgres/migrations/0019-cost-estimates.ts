import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Cost estimates. `rate_cards`: a landing zone's monthly rates per tenant, deleted with the landing
 * zone. `pricing_snapshots`: imported pricing snapshot documents per tenant; the newest date wins.
 * Both belong to one tenant, with the row-level security policy of the other tenant tables.
 */
export const migration0019: PostgresMigration = {
  version: 19,
  name: 'cost-estimates',
  async up(sql) {
    await sql.run(`
      CREATE TABLE rate_cards (
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        landing_zone_id text COLLATE "C" NOT NULL REFERENCES landing_zones (id) ON DELETE CASCADE,
        currency text COLLATE "C" NOT NULL,
        per_core double precision NOT NULL CHECK (per_core >= 0),
        per_gb_ram double precision NOT NULL CHECK (per_gb_ram >= 0),
        per_gb_disk double precision NOT NULL CHECK (per_gb_disk >= 0),
        updated_at timestamptz NOT NULL,
        updated_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant, landing_zone_id)
      );
      CREATE TABLE pricing_snapshots (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        date text COLLATE "C" NOT NULL,
        currency text COLLATE "C" NOT NULL,
        document jsonb NOT NULL,
        imported_at timestamptz NOT NULL,
        imported_by text COLLATE "C" NOT NULL
      );
      CREATE INDEX pricing_snapshots_newest ON pricing_snapshots (tenant, date, imported_at);
    `);
    for (const table of ['rate_cards', 'pricing_snapshots']) {
      await sql.run(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await sql.run(`CREATE POLICY tenant_rows ON ${table} FOR ALL USING ${own()} WITH CHECK ${own()}`);
    }
  },
};

import type { Migration } from '../migration.js';

/**
 * Cost estimates. `rate_cards`: a landing zone's monthly rates (per core, per GB of RAM, per GB of
 * disk) per tenant, deleted with the landing zone (and read only while it is live).
 * `pricing_snapshots`: imported pricing snapshot documents per tenant; the newest date wins.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'cost-estimates',
  up(db) {
    db.exec(`
      CREATE TABLE rate_cards (
        tenant TEXT NOT NULL,
        landing_zone_id TEXT NOT NULL REFERENCES landing_zones (id) ON DELETE CASCADE,
        currency TEXT NOT NULL,
        per_core REAL NOT NULL CHECK (per_core >= 0),
        per_gb_ram REAL NOT NULL CHECK (per_gb_ram >= 0),
        per_gb_disk REAL NOT NULL CHECK (per_gb_disk >= 0),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (tenant, landing_zone_id)
      ) STRICT;

      CREATE TABLE pricing_snapshots (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        date TEXT NOT NULL,
        currency TEXT NOT NULL,
        document TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pricing_snapshots_newest ON pricing_snapshots (tenant, date, imported_at);
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * Cloud accounts: one row per landing zone with the provider's credentials. The non-secret fields are
 * JSON in `settings`; the secret ones are one AES-256-GCM ciphertext (`ciphertext`, `iv`, `tag`) under a
 * key derived from the engine's master key. The row belongs to its landing zone's tenant and goes with
 * the zone (a cascade on delete; reads ignore rows of a removed zone).
 */
export const migration0028: Migration = {
  version: 28,
  name: 'cloud-accounts',
  up(db) {
    db.exec(`
      CREATE TABLE cloud_accounts (
        landing_zone_id TEXT PRIMARY KEY REFERENCES landing_zones (id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        settings TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        secret_set_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        tenant TEXT
      ) STRICT;
    `);
  },
};

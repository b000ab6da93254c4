import type { Migration } from '../migration.js';

/** Secret values, only ever stored encrypted (AES-256-GCM); listings read the metadata columns. */
export const migration0006: Migration = {
  version: 6,
  name: 'secrets',
  up(db) {
    db.exec(`
      CREATE TABLE secrets (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('generated', 'stored')),
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL,
        released_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX secrets_live_name ON secrets (scope, name) WHERE released_at IS NULL;
      CREATE INDEX secrets_owner ON secrets (owner) WHERE released_at IS NULL;
    `);
  },
};

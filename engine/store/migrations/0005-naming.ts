import type { Migration } from '../migration.js';

/** Issued names with their sequence numbers; a unique index makes a duplicate name impossible. */
export const migration0005: Migration = {
  version: 5,
  name: 'naming',
  up(db) {
    db.exec(`
      CREATE TABLE naming_names (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        series TEXT NOT NULL,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        fqdn TEXT,
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL,
        released_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX naming_names_live ON naming_names (scope, name) WHERE released_at IS NULL;
      CREATE INDEX naming_names_series ON naming_names (scope, series, seq);
      CREATE INDEX naming_names_owner ON naming_names (owner) WHERE released_at IS NULL;
    `);
  },
};

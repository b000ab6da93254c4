import type { Migration } from '../migration.js';

/** Editable component drafts (published versions come with the catalog). */
export const migration0002: Migration = {
  version: 2,
  name: 'component-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE component_drafts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('typescript')),
        code TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
    `);
  },
};

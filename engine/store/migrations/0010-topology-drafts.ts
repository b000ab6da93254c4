import type { Migration } from '../migration.js';

/** Autosaved, unsaved edits of a topology: one draft per topology, dropped when the topology is saved. */
export const migration0010: Migration = {
  version: 10,
  name: 'topology-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE topology_drafts (
        topology_id TEXT PRIMARY KEY REFERENCES topologies (id),
        base_revision INTEGER NOT NULL,
        document TEXT NOT NULL,
        saved_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * Shared topology documents (a shared server's, or a desktop's own): one CRDT snapshot per topology
 * with the heads after its last write and a version for compare-and-set, and the append-only log of
 * change messages written after the snapshot (`seq` is the version the append made).
 */
export const migration0021: Migration = {
  version: 21,
  name: 'topology-documents',
  up(db) {
    db.exec(`
      CREATE TABLE topology_documents (
        topology_id TEXT PRIMARY KEY,
        snapshot BLOB NOT NULL,
        heads TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        tenant TEXT NOT NULL DEFAULT 'default'
      ) STRICT;
      CREATE TABLE topology_document_changes (
        topology_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        message BLOB NOT NULL,
        created_at TEXT NOT NULL,
        tenant TEXT NOT NULL DEFAULT 'default',
        PRIMARY KEY (topology_id, seq)
      ) STRICT;
    `);
  },
};

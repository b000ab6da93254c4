import type { Migration } from '../migration.js';

/**
 * A replica's document is kept as its last whole save (`document_replicas.document`) followed by the
 * changes made since, one row each, so an edit writes its few bytes instead of the whole document;
 * the changes are folded into a new whole save every so often. Reading a replica concatenates them
 * (a whole save followed by change chunks is one loadable document).
 */
export const migration0025: Migration = {
  version: 25,
  name: 'document-replica-changes',
  up(db) {
    db.exec(`
      CREATE TABLE document_replica_changes (
        tenant TEXT NOT NULL DEFAULT 'default',
        server_url TEXT NOT NULL,
        server_tenant TEXT NOT NULL,
        topology_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        changes BLOB NOT NULL,
        PRIMARY KEY (tenant, server_url, server_tenant, topology_id, seq),
        FOREIGN KEY (tenant, server_url, server_tenant, topology_id)
          REFERENCES document_replicas (tenant, server_url, server_tenant, topology_id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * The desktop's replicas of shared topology documents, so a topology of a shared server is read and
 * edited offline and merged when the server answers again. One row per server (its normalised
 * address and the tenant signed in to there, so two servers or tenants never mix) and topology:
 * the document bytes, the heads the server last confirmed, whether local edits still wait to be
 * sent, whether the server has the topology at all yet (created offline), and a local revision.
 * `document_replica_users` keeps the names of the users whose edits the replicas hold, to name them
 * in conflicts while offline.
 */
export const migration0022: Migration = {
  version: 22,
  name: 'document-replicas',
  up(db) {
    db.exec(`
      CREATE TABLE document_replicas (
        tenant TEXT NOT NULL DEFAULT 'default',
        server_url TEXT NOT NULL,
        server_tenant TEXT NOT NULL,
        topology_id TEXT NOT NULL,
        name TEXT NOT NULL,
        document BLOB NOT NULL,
        node_count INTEGER NOT NULL DEFAULT 0,
        server_heads TEXT NOT NULL,
        waiting INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1)),
        name_waiting INTEGER NOT NULL DEFAULT 0 CHECK (name_waiting IN (0, 1)),
        on_server INTEGER NOT NULL DEFAULT 1 CHECK (on_server IN (0, 1)),
        revision INTEGER NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, server_url, server_tenant, topology_id)
      ) STRICT;
      CREATE INDEX document_replicas_waiting ON document_replicas (server_url, server_tenant, waiting);

      CREATE TABLE document_replica_users (
        tenant TEXT NOT NULL DEFAULT 'default',
        server_url TEXT NOT NULL,
        server_tenant TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        -- When this desktop last signed in as the user (null: a user only seen in edits): the latest is who edits offline.
        signed_in_at TEXT,
        PRIMARY KEY (tenant, server_url, server_tenant, user_id)
      ) STRICT;
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * Catalog drafts as CRDT documents. `draft_documents`: a shared server's one document per component
 * or stack draft (the whole saved document, its heads, the draft record's revision it matched, and a
 * version for compare-and-set), in the draft's tenant (none for provider-level drafts).
 * `draft_replicas`: a desktop's replicas of those documents per server (its normalised address and
 * the tenant signed in to), with whether local edits still wait to be sent, and drafts created
 * offline that the server does not have yet.
 */
export const migration0026: Migration = {
  version: 26,
  name: 'draft-documents',
  up(db) {
    db.exec(`
      CREATE TABLE draft_documents (
        kind TEXT NOT NULL CHECK (kind IN ('component', 'stack')),
        draft_id TEXT NOT NULL,
        document BLOB NOT NULL,
        heads TEXT NOT NULL,
        record_revision INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        tenant TEXT,
        PRIMARY KEY (kind, draft_id)
      ) STRICT;

      CREATE TABLE draft_replicas (
        tenant TEXT NOT NULL DEFAULT 'default',
        server_url TEXT NOT NULL,
        server_tenant TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('component', 'stack')),
        name TEXT NOT NULL,
        document BLOB NOT NULL,
        server_heads TEXT NOT NULL,
        waiting INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1)),
        revision INTEGER NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        problem TEXT,
        -- 0 while the draft was created on this desktop offline and the server does not have it yet.
        on_server INTEGER NOT NULL DEFAULT 1 CHECK (on_server IN (0, 1)),
        -- The create call to send for such a draft (JSON), and the last detail shown of the draft (JSON).
        creation TEXT,
        detail TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, server_url, server_tenant, kind, name)
      ) STRICT;
    `);
  },
};

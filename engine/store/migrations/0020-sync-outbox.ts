import type { Migration } from '../migration.js';

/**
 * Offline sync, both halves. `sync_outbox`: the desktop's changes for a shared server, kept until the
 * server applied them (or the user discarded them), in the order they were made (`position`).
 * `idempotency_keys`: a server's record of each `Idempotency-Key` a client sent, per tenant and
 * actor, with the answer it gave, so a repeated request is answered without running twice.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL DEFAULT 'default',
        server_url TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'sending', 'dead', 'discarded', 'applied')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        next_attempt_at TEXT NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        answer TEXT,
        applied_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_outbox_status ON sync_outbox (status, position);

      CREATE TABLE idempotency_keys (
        tenant TEXT NOT NULL,
        actor TEXT NOT NULL,
        key TEXT NOT NULL,
        method TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
        http_status INTEGER,
        answer TEXT,
        created_at TEXT NOT NULL,
        claimed_until TEXT NOT NULL,
        claim_token TEXT NOT NULL,
        applied INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant, actor, key)
      ) STRICT;
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
    `);
  },
};

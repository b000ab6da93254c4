import type { Migration } from '../migration.js';

/**
 * The desktop's replica of what its user may see on a shared server, for offline browsing.
 * `replica_answers`: the server's last answer to each read (method and canonical input), per scope —
 * a server address, tenant and user together, so two servers, tenants or users never share an
 * answer. `replica_scopes`: when each scope was last brought up to date, and its last failure.
 */
export const migration0023: Migration = {
  version: 23,
  name: 'replica-answers',
  up(db) {
    db.exec(`
      CREATE TABLE replica_answers (
        scope TEXT NOT NULL,
        method TEXT NOT NULL,
        input_key TEXT NOT NULL,
        answer TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (scope, method, input_key)
      ) STRICT;

      CREATE TABLE replica_scopes (
        scope TEXT PRIMARY KEY,
        server_url TEXT NOT NULL,
        tenant TEXT NOT NULL,
        user_name TEXT NOT NULL,
        synced_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * The audit log names the tenant, the request and the client address of each change, can be read by
 * time and actor, and is append-only: the database itself refuses to change or delete a row.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'audit-context',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
      ALTER TABLE audit_log ADD COLUMN request_id TEXT;
      ALTER TABLE audit_log ADD COLUMN client_address TEXT;
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_actor ON audit_log (actor, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;
    `);
  },
};

import type { PostgresMigration } from '../migration.js';

/**
 * The audit log names the tenant, the request and the client address of each change, can be read by
 * time and actor, and is append-only: the database refuses to change, delete or truncate its rows.
 */
export const migration0005: PostgresMigration = {
  version: 5,
  name: 'audit-context',
  async up(sql) {
    await sql.run(`
      ALTER TABLE audit_log ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
      ALTER TABLE audit_log ADD COLUMN request_id text COLLATE "C";
      ALTER TABLE audit_log ADD COLUMN client_address text COLLATE "C";
      CREATE INDEX audit_log_at ON audit_log (at, id);
      CREATE INDEX audit_log_actor ON audit_log (actor, id);
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION nimbus_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION nimbus_refuse_change();
    `);
  },
};

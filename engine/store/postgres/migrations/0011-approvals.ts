import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Approvals before deploy: policies per environment or landing zone (one per scope and tenant) and
 * the requests of gated actions, each record kept as a JSON document beside the columns it is found
 * by. Both tables belong to one tenant: a default from the transaction's tenant and the row-level
 * security policy the other tenant tables have.
 */
export const migration0011: PostgresMigration = {
  version: 11,
  name: 'approvals',
  async up(sql) {
    await sql.run(`
      CREATE TABLE approval_policies (
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        scope_kind text COLLATE "C" NOT NULL,
        scope_id text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, scope_kind, scope_id)
      );
      CREATE TABLE approval_requests (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        status text COLLATE "C" NOT NULL,
        environment text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        revision integer NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX approval_requests_by_tenant ON approval_requests (tenant, created_at);
    `);
    for (const table of ['approval_policies', 'approval_requests']) {
      await sql.run(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await sql.run(`CREATE POLICY tenant_rows ON ${table} FOR ALL USING ${own()} WITH CHECK ${own()}`);
    }
  },
};

import { own, visible, writable } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';
import { TENANT_TABLES } from './0007-tenants.js';

/**
 * Row-level security as defence in depth behind the repositories' own tenant filters: every tenant
 * table shows and accepts only the rows of the transaction's tenant (`nimbus.tenant`, set by the
 * store at the start of every transaction), every row for the engine's own work
 * (`nimbus.engine_work`), and nothing to a connection that set neither. Catalog tables (components,
 * stacks, landing zones and their versions and templates) also show the rows of the tenant's
 * ancestors and the provider-level ones, and accept changes only to the tenant's own (provider-level
 * ones: only from a provider). FORCE makes the policies bind the tables' owner too, which is the
 * role the store connects as; only a superuser or a BYPASSRLS role passes by them, so the store must
 * not run as one. Identity tables (tenants, users, tokens, …) have none: a token is looked up before
 * its tenant is known, and the identity service keeps each tenant to its subtree.
 */
export const migration0008: PostgresMigration = {
  version: 8,
  name: 'row-level-security',
  async up(sql) {
    for (const { table, catalog } of TENANT_TABLES) {
      await sql.run(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      if (catalog) {
        await sql.run(`CREATE POLICY tenant_read ON ${table} FOR SELECT USING ${visible()}`);
        await sql.run(`CREATE POLICY tenant_write ON ${table} FOR ALL USING ${writable()} WITH CHECK ${writable()}`);
      } else {
        await sql.run(`CREATE POLICY tenant_rows ON ${table} FOR ALL USING ${own()} WITH CHECK ${own()}`);
      }
    }
  },
};

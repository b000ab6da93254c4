/**
 * The SQL that limits every repository statement to the current tenant scope
 * (`../../context/tenant-scope.ts`), the same text for both stores: each store provides the functions
 * it calls — SQLite as application functions registered on the connection (`../tenant-functions.ts`),
 * PostgreSQL as SQL functions over the transaction's `nimbus.tenant` / `nimbus.engine_work` settings
 * (its migrations), which its row-level security policies call too.
 *
 * - `nimbus_tenant()`: the scope's tenant, or NULL for the engine's own work;
 * - `nimbus_engine_work()`: true only inside `runAsEngineWork`;
 * - `nimbus_new_tenant()`: the tenant a new top-level record gets (the engine's own work:
 *   `ENGINE_WORK_TENANT`); records with a parent take the parent's tenant ({@link parentTenant}).
 */

/** The tenant a new top-level record belongs to. */
export const NEW_TENANT = 'nimbus_new_tenant()';

/** The scope's own rows of a table (`alias.` prefixes the column when the statement joins). */
export function own(alias = ''): string {
  return `(nimbus_engine_work() OR ${alias}tenant = nimbus_tenant())`;
}

/** Every tenant above the scope's (provider-level rows are visible below); both terms read `tenants`, so one collation. */
const ANCESTORS = `WITH RECURSIVE nimbus_chain(id) AS (SELECT t.parent FROM tenants t WHERE t.id = nimbus_tenant() AND t.parent IS NOT NULL UNION SELECT t.parent FROM tenants t JOIN nimbus_chain c ON t.id = c.id WHERE t.parent IS NOT NULL) SELECT id FROM nimbus_chain`;

/** Whether the scope's tenant is a provider (no parent): only a provider writes provider-level (shared) catalog rows. */
const PROVIDER = `(nimbus_tenant() IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tenants WHERE id = nimbus_tenant() AND parent IS NOT NULL))`;

/**
 * Catalog rows (components, stacks, landing zones and what they own) the scope may read: its own,
 * its ancestors', and the provider-level ones that belong to no tenant.
 */
export function visible(alias = ''): string {
  return `(nimbus_engine_work() OR ${alias}tenant IS NULL OR ${alias}tenant = nimbus_tenant() OR ${alias}tenant IN (${ANCESTORS}))`;
}

/** Catalog rows the scope may change: its own, and provider-level ones when it is the provider. */
export function writable(alias = ''): string {
  return `(nimbus_engine_work() OR ${alias}tenant = nimbus_tenant() OR (${alias}tenant IS NULL AND ${PROVIDER}))`;
}

/** The tenant of `table`'s row whose `column` equals the parameter `param` (`@x` or `$n`), within the scope. */
export function parentTenant(table: string, param: string, column = 'id'): string {
  return `(SELECT tenant FROM ${table} WHERE ${column} = ${param} AND ${own()})`;
}

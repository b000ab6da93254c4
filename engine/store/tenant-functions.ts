import { currentTenantScope, ENGINE_WORK_TENANT } from '../context/tenant-scope.js';
import type { SqliteDatabase } from './sqlite.js';

/**
 * Registers the functions the tenant-scoped SQL calls (`rows/tenant-sql.ts`) on a SQLite connection.
 * They read the scope of the call running the statement (better-sqlite3 runs statements
 * synchronously, inside the caller's asynchronous context), so a prepared statement serves every
 * tenant. None is deterministic: SQLite must not fold them across calls.
 */
export function registerTenantFunctions(db: SqliteDatabase): void {
  db.function('nimbus_tenant', { deterministic: false }, () => currentTenantScope().tenant);
  db.function('nimbus_engine_work', { deterministic: false }, () => (currentTenantScope().engineWork ? 1 : 0));
  db.function('nimbus_new_tenant', { deterministic: false }, () => currentTenantScope().tenant ?? ENGINE_WORK_TENANT);
}

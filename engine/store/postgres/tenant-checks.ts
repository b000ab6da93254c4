import { currentTenantScope } from '../../context/tenant-scope.js';
import { NotFoundError } from '../../errors.js';
import { newRecordRefusal, readOnlyRefusal } from '../rows/tenant-checks.js';
import { visible, writable } from '../rows/tenant-sql.js';
import type { Sql } from './sql.js';

/**
 * Refuses a change to a catalog row of a tenant above (`forbidden`: the caller sees it); a row it
 * cannot see is `not_found` when `mustExist`, else left to the statement (which then changes nothing).
 */
export async function requireWritable(
  sql: Sql,
  table: 'components' | 'stacks',
  kind: string,
  id: string,
  mustExist: boolean,
): Promise<void> {
  const access = await sql.row<{ writable: boolean | null }>(
    `SELECT ${writable()} AS writable FROM ${table} WHERE id = $1 AND ${visible()}`,
    [id],
  );
  if (access && !access.writable) throw readOnlyRefusal(kind, id);
  if (!access && mustExist) throw new NotFoundError(kind, id);
}

/** Refuses (`forbidden`) a new catalog row for another tenant, or a provider-level one below the provider. */
export async function refuseNewRecord(sql: Sql, kind: string, tenant: string | null, allowShared = true): Promise<void> {
  const scope = currentTenantScope();
  const sub =
    allowShared && scope.tenant !== null
      ? await sql.row('SELECT 1 FROM tenants WHERE id = $1 AND parent IS NOT NULL', [scope.tenant])
      : undefined;
  const refusal = newRecordRefusal(kind, tenant, allowShared && !sub);
  if (refusal) throw refusal;
}

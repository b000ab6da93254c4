/** The audit log's rows as both stores read them, and their records. */
import { own } from './tenant-sql.js';
import { randomUUID } from 'node:crypto';
import { currentRequest } from '../../context/request-context.js';
import type { AuditEntry, AuditFilter, AuditRecord } from '../ports/deployment-records.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `audit_log`; its id is a `bigint`, which a driver may return as a number or as text. */
export interface AuditRow {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  old_value: JsonColumn;
  new_value: JsonColumn;
  trace_id: string;
  tenant: string;
  request_id: string | null;
  client_address: string | null;
}

/** The record of an audit row. */
export const toAuditRecord = (row: AuditRow, columns: ColumnDecoder): AuditRecord => ({
  id: Number(row.id),
  at: row.at,
  actor: row.actor,
  action: row.action,
  entity: row.entity,
  entityId: row.entity_id,
  oldValue: columns.jsonOrNull<unknown>(row.old_value),
  newValue: columns.jsonOrNull<unknown>(row.new_value),
  traceId: row.trace_id,
  tenant: row.tenant,
  requestId: row.request_id,
  clientAddress: row.client_address,
});

/** The most rows one audit read returns. */
export const MAX_AUDIT_PAGE = 10_000;

/**
 * The query that lists audit rows matching `filter`, newest first, for either driver:
 * `placeholder(n)` spells the n-th parameter (`?` for SQLite, `$n` for PostgreSQL).
 */
export function auditListQuery(filter: AuditFilter, placeholder: (index: number) => string): { text: string; values: unknown[] } {
  // The current tenant's rows only (the engine's own work sees every tenant's).
  const clauses: string[] = [own()];
  const values: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    if (value === undefined) return;
    values.push(value);
    clauses.push(`${condition} ${placeholder(values.length)}`);
  };
  add('actor =', filter.actor);
  add('action =', filter.action);
  add('entity =', filter.entity);
  add('entity_id =', filter.entityId);
  add('at >=', filter.since);
  add('at <', filter.until);
  add('id <', filter.beforeId);
  values.push(Math.min(Math.max(filter.limit ?? 100, 1), MAX_AUDIT_PAGE));
  const where = `WHERE ${clauses.join(' AND ')} `;
  return { text: `SELECT * FROM audit_log ${where}ORDER BY id DESC LIMIT ${placeholder(values.length)}`, values };
}

/** Who made a change, as the audit row names them: the call being served, else the repository's actor. */
export interface AuditOrigin {
  actor: string;
  traceId: string;
  tenant: string;
  requestId: string | null;
  clientAddress: string | null;
}

/** The origin of `entry` in the call being served now (see `../../context/request-context.ts`). */
export function auditOrigin(entry: AuditEntry): AuditOrigin {
  const request = currentRequest();
  return {
    actor: request?.actor ?? entry.actor,
    traceId: entry.traceId ?? request?.requestId ?? randomUUID(),
    tenant: request?.tenant ?? 'default',
    requestId: request?.requestId ?? null,
    clientAddress: request?.clientAddress ?? null,
  };
}

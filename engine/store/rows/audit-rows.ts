/** The audit log's rows as both stores read them, and their records. */
import type { AuditRecord } from '../ports/deployment-records.js';
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

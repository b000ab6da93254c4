import { randomUUID } from 'node:crypto';
import { currentRequest } from '../../context/request-context.js';
import type { AuditEntry, AuditFilter, AuditRecord } from '../ports/deployment-records.js';
import { postgresColumns } from '../rows/decode.js';
import { type AuditRow, toAuditRecord } from '../rows/audit-rows.js';
import { json, type Sql } from './sql.js';

const toRecord = (row: AuditRow) => toAuditRecord(row, postgresColumns);

/** The most rows one read returns. */
const MAX_AUDIT_PAGE = 10_000;

/**
 * Appends one audit row; repositories call it in the transaction of the change it describes. The
 * call being served (`../../context/request-context.ts`) names the actor, tenant, request and client
 * address; outside a call the repository's own actor is named.
 */
export async function recordAudit(sql: Sql, entry: AuditEntry, at: string): Promise<void> {
  const request = currentRequest();
  await sql.run(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id, tenant, request_id, client_address)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
    [
      at,
      request?.actor ?? entry.actor,
      entry.action,
      entry.entity,
      entry.entityId,
      json(entry.oldValue),
      json(entry.newValue),
      entry.traceId ?? request?.requestId ?? randomUUID(),
      request?.tenant ?? 'default',
      request?.requestId ?? null,
      request?.clientAddress ?? null,
    ],
  );
}

/** The audit trail as the services read it. */
export class PgAuditRepository {
  /** The history of one entity, oldest first. */
  async history(sql: Sql, entity: string, entityId: string): Promise<AuditRecord[]> {
    const rows = await sql.rows<AuditRow>('SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id', [entity, entityId]);
    return rows.map(toRecord);
  }

  /** Rows matching `filter`, newest first. */
  async list(sql: Sql, filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const clauses: string[] = [];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      clauses.push(clause.replace('?', `$${values.length}`));
    };
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.entity !== undefined) add('entity = ?', filter.entity);
    if (filter.entityId !== undefined) add('entity_id = ?', filter.entityId);
    if (filter.since !== undefined) add('at >= ?::timestamptz', filter.since);
    if (filter.until !== undefined) add('at < ?::timestamptz', filter.until);
    if (filter.beforeId !== undefined) add('id < ?', filter.beforeId);
    values.push(Math.min(Math.max(filter.limit ?? 100, 1), MAX_AUDIT_PAGE));
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = await sql.rows<AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${values.length}`, values);
    return rows.map(toRecord);
  }
}

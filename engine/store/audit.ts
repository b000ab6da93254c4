import { randomUUID } from 'node:crypto';
import { currentRequest } from '../context/request-context.js';
import type { SqliteDatabase } from './sqlite.js';
import type { AuditEntry, AuditFilter, AuditRecord } from './ports/deployment-records.js';
import { sqliteColumns } from './rows/decode.js';
import { type AuditRow, toAuditRecord } from './rows/audit-rows.js';
export type { AuditEntry, AuditFilter, AuditRecord } from './ports/deployment-records.js';

const toRecord = (row: AuditRow) => toAuditRecord(row, sqliteColumns);

/** The most rows one read returns. */
export const MAX_AUDIT_PAGE = 10_000;

/**
 * Appends audit rows; callers write them in the same transaction as the change they describe. The
 * call being served (see `../context/request-context.ts`) names the actor, tenant, request and client
 * address; outside a call the repository's own actor is named. The table refuses updates and deletes.
 */
export class AuditLog {
  private readonly insert;
  private readonly byEntity;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id, tenant, request_id, client_address)
       VALUES (@at, @actor, @action, @entity, @entityId, @oldValue, @newValue, @traceId, @tenant, @requestId, @clientAddress)`,
    );
    this.byEntity = db.prepare<[string, string], AuditRow>('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id');
  }

  record(entry: AuditEntry, at: string): void {
    const request = currentRequest();
    this.insert.run({
      at,
      actor: request?.actor ?? entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      oldValue: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      newValue: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
      traceId: entry.traceId ?? request?.requestId ?? randomUUID(),
      tenant: request?.tenant ?? 'default',
      requestId: request?.requestId ?? null,
      clientAddress: request?.clientAddress ?? null,
    });
  }

  /** The history of one entity, oldest first. */
  history(entity: string, entityId: string): AuditRecord[] {
    return this.byEntity.all(entity, entityId).map(toRecord);
  }

  /** Rows matching `filter`, newest first. */
  list(filter: AuditFilter = {}): AuditRecord[] {
    const clauses: string[] = [];
    const params: Record<string, unknown> = {};
    const equal = (column: string, key: keyof AuditFilter) => {
      if (filter[key] === undefined) return;
      clauses.push(`${column} = @${key}`);
      params[key] = filter[key];
    };
    equal('actor', 'actor');
    equal('action', 'action');
    equal('entity', 'entity');
    equal('entity_id', 'entityId');
    if (filter.since !== undefined) {
      clauses.push('at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      clauses.push('at < @until');
      params.until = filter.until;
    }
    if (filter.beforeId !== undefined) {
      clauses.push('id < @beforeId');
      params.beforeId = filter.beforeId;
    }
    params.limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_AUDIT_PAGE);
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.db
      .prepare<[Record<string, unknown>], AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT @limit`)
      .all(params)
      .map(toRecord);
  }
}

import type { SqliteDatabase } from './sqlite.js';
import { own } from './rows/tenant-sql.js';
import type { AuditEntry, AuditFilter, AuditRecord } from './ports/deployment-records.js';
import { sqliteColumns } from './rows/decode.js';
import { auditListQuery, auditOrigin, type AuditRow, toAuditRecord } from './rows/audit-rows.js';
export type { AuditEntry, AuditFilter, AuditRecord } from './ports/deployment-records.js';

const toRecord = (row: AuditRow) => toAuditRecord(row, sqliteColumns);

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
    this.byEntity = db.prepare<[string, string], AuditRow>(
      `SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? AND ${own()} ORDER BY id`,
    );
  }

  record(entry: AuditEntry, at: string): void {
    this.insert.run({
      ...auditOrigin(entry),
      at,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      oldValue: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      newValue: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
    });
  }

  /** The history of one entity, oldest first. */
  history(entity: string, entityId: string): AuditRecord[] {
    return this.byEntity.all(entity, entityId).map(toRecord);
  }

  /** Rows matching `filter`, newest first. */
  list(filter: AuditFilter = {}): AuditRecord[] {
    const query = auditListQuery(filter, () => '?');
    return this.db
      .prepare<unknown[], AuditRow>(query.text)
      .all(...query.values)
      .map(toRecord);
  }
}

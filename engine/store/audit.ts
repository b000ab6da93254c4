import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './sqlite.js';
import type { AuditEntry, AuditRecord } from './ports/deployment-records.js';
export type { AuditEntry, AuditRecord } from './ports/deployment-records.js';

/** Appends audit rows; callers write them in the same transaction as the change they describe. */
export class AuditLog {
  private readonly insert;
  private readonly byEntity;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id)
       VALUES (@at, @actor, @action, @entity, @entityId, @oldValue, @newValue, @traceId)`,
    );
    this.byEntity = db.prepare<[string, string], Record<string, unknown>>(
      'SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id',
    );
  }

  record(entry: AuditEntry, at: string): void {
    this.insert.run({
      at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      oldValue: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      newValue: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
      traceId: entry.traceId ?? randomUUID(),
    });
  }

  /** The history of one entity, oldest first. */
  history(entity: string, entityId: string): AuditRecord[] {
    return this.byEntity.all(entity, entityId).map((row) => ({
      id: Number(row.id),
      at: String(row.at),
      actor: String(row.actor),
      action: String(row.action),
      entity: String(row.entity),
      entityId: String(row.entity_id),
      oldValue: row.old_value === null ? null : JSON.parse(String(row.old_value)),
      newValue: row.new_value === null ? null : JSON.parse(String(row.new_value)),
      traceId: String(row.trace_id),
    }));
  }
}

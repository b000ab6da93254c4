import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRecord } from '../ports/deployment-records.js';
import { json, type Sql } from './sql.js';

/** Appends one audit row; repositories call it in the transaction of the change it describes. */
export async function recordAudit(sql: Sql, entry: AuditEntry, at: string): Promise<void> {
  await sql.run(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
    [
      at,
      entry.actor,
      entry.action,
      entry.entity,
      entry.entityId,
      json(entry.oldValue),
      json(entry.newValue),
      entry.traceId ?? randomUUID(),
    ],
  );
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  old_value: unknown;
  new_value: unknown;
  trace_id: string;
}

/** The audit trail as the services read it. */
export class PgAuditRepository {
  /** The history of one entity, oldest first. */
  async history(sql: Sql, entity: string, entityId: string): Promise<AuditRecord[]> {
    const rows = await sql.rows<AuditRow>('SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id', [entity, entityId]);
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      oldValue: row.old_value ?? null,
      newValue: row.new_value ?? null,
      traceId: row.trace_id,
    }));
  }
}

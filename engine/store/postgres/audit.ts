import type { AuditEntry, AuditFilter, AuditRecord } from '../ports/deployment-records.js';
import { own } from '../rows/tenant-sql.js';
import { postgresColumns } from '../rows/decode.js';
import { auditListQuery, auditOrigin, type AuditRow, toAuditRecord } from '../rows/audit-rows.js';
import { json, type Sql } from './sql.js';

const toRecord = (row: AuditRow) => toAuditRecord(row, postgresColumns);

/**
 * Appends one audit row; repositories call it in the transaction of the change it describes. The
 * call being served (`../../context/request-context.ts`) names the actor, tenant, request and client
 * address; outside a call the repository's own actor is named.
 */
export async function recordAudit(sql: Sql, entry: AuditEntry, at: string): Promise<void> {
  const origin = auditOrigin(entry);
  await sql.run(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id, tenant, request_id, client_address)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
    [
      at,
      origin.actor,
      entry.action,
      entry.entity,
      entry.entityId,
      json(entry.oldValue),
      json(entry.newValue),
      origin.traceId,
      origin.tenant,
      origin.requestId,
      origin.clientAddress,
    ],
  );
}

/** The audit trail as the services read it. */
export class PgAuditRepository {
  /** The history of one entity, oldest first. */
  async history(sql: Sql, entity: string, entityId: string): Promise<AuditRecord[]> {
    const rows = await sql.rows<AuditRow>(`SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 AND ${own()} ORDER BY id`, [
      entity,
      entityId,
    ]);
    return rows.map(toRecord);
  }

  /** Rows matching `filter`, newest first. */
  async list(sql: Sql, filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const query = auditListQuery(filter, (index) => `$${index}`);
    return (await sql.rows<AuditRow>(query.text, query.values)).map(toRecord);
  }

  /** Appends a row in the caller's unit of work (changes whose repositories do not audit them themselves). */
  async record(sql: Sql, entry: AuditEntry, at: string): Promise<void> {
    await recordAudit(sql, entry, at);
  }
}

import type { ApprovalPolicyRecord, ApprovalRequestFilter, ApprovalRequestRecord, ApprovalScopeKind } from '../ports/approval-records.js';
import { postgresColumns } from '../rows/decode.js';
import {
  auditedRequest,
  toApprovalPolicy,
  toApprovalRequest,
  type ApprovalPolicyRow,
  type ApprovalRequestRow,
} from '../rows/approval-rows.js';
import { own } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

/** Approval policies and requests; every write is audited in its transaction. */
export class PgApprovalRepository {
  constructor(private readonly actor: string) {}

  private record(sql: Sql, action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string) {
    return recordAudit(sql, { actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  async savePolicy(sql: Sql, policy: ApprovalPolicyRecord): Promise<void> {
    const before = await this.policy(sql, policy.scopeKind, policy.scopeId);
    await sql.run(
      `INSERT INTO approval_policies (scope_kind, scope_id, data, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (tenant, scope_kind, scope_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [policy.scopeKind, policy.scopeId, json(policy), policy.updatedAt],
    );
    await this.record(
      sql,
      'approval-policy.set',
      'approval-policy',
      `${policy.scopeKind}:${policy.scopeId}`,
      before ?? null,
      policy,
      policy.updatedAt,
    );
  }

  async policy(sql: Sql, scopeKind: ApprovalScopeKind, scopeId: string): Promise<ApprovalPolicyRecord | undefined> {
    const row = await sql.row<ApprovalPolicyRow>(`SELECT * FROM approval_policies WHERE scope_kind = $1 AND scope_id = $2 AND ${own()}`, [
      scopeKind,
      scopeId,
    ]);
    return row && toApprovalPolicy(row, postgresColumns);
  }

  async policies(sql: Sql): Promise<ApprovalPolicyRecord[]> {
    const rows = await sql.rows<ApprovalPolicyRow>(`SELECT * FROM approval_policies WHERE ${own()} ORDER BY scope_kind, scope_id`);
    return rows.map((row) => toApprovalPolicy(row, postgresColumns));
  }

  async deletePolicy(sql: Sql, scopeKind: ApprovalScopeKind, scopeId: string, at: string): Promise<boolean> {
    const before = await this.policy(sql, scopeKind, scopeId);
    if (!before) return false;
    await sql.run(`DELETE FROM approval_policies WHERE scope_kind = $1 AND scope_id = $2 AND ${own()}`, [scopeKind, scopeId]);
    await this.record(sql, 'approval-policy.delete', 'approval-policy', `${scopeKind}:${scopeId}`, before, null, at);
    return true;
  }

  async insertRequest(sql: Sql, request: ApprovalRequestRecord): Promise<void> {
    await sql.run(
      `INSERT INTO approval_requests (id, status, environment, created_at, revision, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [request.id, request.status, request.environment, request.createdAt, request.revision, json(request)],
    );
    await this.record(sql, 'approval-request.create', 'approval-request', request.id, null, auditedRequest(request), request.createdAt);
  }

  async request(sql: Sql, id: string): Promise<ApprovalRequestRecord | undefined> {
    const row = await sql.row<ApprovalRequestRow>(`SELECT * FROM approval_requests WHERE id = $1 AND ${own()}`, [id]);
    return row && toApprovalRequest(row, postgresColumns);
  }

  async requests(sql: Sql, filter: ApprovalRequestFilter = {}): Promise<ApprovalRequestRecord[]> {
    const rows = await sql.rows<ApprovalRequestRow>(`SELECT * FROM approval_requests WHERE ${own()} ORDER BY created_at DESC, id DESC`);
    return rows
      .map((row) => toApprovalRequest(row, postgresColumns))
      .filter(
        (request) =>
          (!filter.status || filter.status.includes(request.status)) && (!filter.environment || request.environment === filter.environment),
      );
  }

  async updateRequest(sql: Sql, next: ApprovalRequestRecord, action: string): Promise<boolean> {
    const before = await sql.row<ApprovalRequestRow>(`SELECT * FROM approval_requests WHERE id = $1 AND ${own()} FOR UPDATE`, [next.id]);
    if (!before) return false;
    const changed = await sql.run(
      `UPDATE approval_requests SET status = $2, revision = $3, data = $4::jsonb WHERE id = $1 AND revision = $5 AND ${own()}`,
      [next.id, next.status, next.revision, json(next), next.revision - 1],
    );
    if (changed === 0) return false;
    await this.record(
      sql,
      action,
      'approval-request',
      next.id,
      auditedRequest(toApprovalRequest(before, postgresColumns)),
      auditedRequest(next),
      new Date().toISOString(),
    );
    return true;
  }
}

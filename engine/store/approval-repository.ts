import type { AuditLog } from './audit.js';
import type { ApprovalPolicyRecord, ApprovalRequestFilter, ApprovalRequestRecord, ApprovalScopeKind } from './ports/approval-records.js';
import { sqliteColumns } from './rows/decode.js';
import {
  auditedRequest,
  toApprovalPolicy,
  toApprovalRequest,
  type ApprovalPolicyRow,
  type ApprovalRequestRow,
} from './rows/approval-rows.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { SqliteDatabase } from './sqlite.js';

/** SQL of approval policies and requests; every write is audited in its transaction. */
export class ApprovalRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      policy: db.prepare<[string, string], ApprovalPolicyRow>(
        `SELECT * FROM approval_policies WHERE scope_kind = ? AND scope_id = ? AND ${own()}`,
      ),
      policies: db.prepare<[], ApprovalPolicyRow>(`SELECT * FROM approval_policies WHERE ${own()} ORDER BY scope_kind, scope_id`),
      upsertPolicy: db.prepare(
        `INSERT INTO approval_policies (tenant, scope_kind, scope_id, data, updated_at) VALUES (${NEW_TENANT}, @scopeKind, @scopeId, @data, @updatedAt)
         ON CONFLICT (tenant, scope_kind, scope_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ),
      deletePolicy: db.prepare(`DELETE FROM approval_policies WHERE scope_kind = ? AND scope_id = ? AND ${own()}`),
      insertRequest: db.prepare(
        `INSERT INTO approval_requests (id, tenant, status, environment, created_at, revision, data)
         VALUES (@id, ${NEW_TENANT}, @status, @environment, @createdAt, @revision, @data)`,
      ),
      request: db.prepare<[string], ApprovalRequestRow>(`SELECT * FROM approval_requests WHERE id = ? AND ${own()}`),
      requests: db.prepare<[], ApprovalRequestRow>(`SELECT * FROM approval_requests WHERE ${own()} ORDER BY created_at DESC, id DESC`),
      updateRequest: db.prepare(
        `UPDATE approval_requests SET status = @status, revision = @revision, data = @data WHERE id = @id AND revision = @expected AND ${own()}`,
      ),
    };
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private record(action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string): void {
    this.audit.record({ actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  savePolicy(policy: ApprovalPolicyRecord): void {
    this.write(() => {
      const before = this.policy(policy.scopeKind, policy.scopeId);
      this.statements.upsertPolicy.run({
        scopeKind: policy.scopeKind,
        scopeId: policy.scopeId,
        data: JSON.stringify(policy),
        updatedAt: policy.updatedAt,
      });
      this.record(
        'approval-policy.set',
        'approval-policy',
        `${policy.scopeKind}:${policy.scopeId}`,
        before ?? null,
        policy,
        policy.updatedAt,
      );
    });
  }

  policy(scopeKind: ApprovalScopeKind, scopeId: string): ApprovalPolicyRecord | undefined {
    const row = this.statements.policy.get(scopeKind, scopeId);
    return row && toApprovalPolicy(row, sqliteColumns);
  }

  policies(): ApprovalPolicyRecord[] {
    return this.statements.policies.all().map((row) => toApprovalPolicy(row, sqliteColumns));
  }

  deletePolicy(scopeKind: ApprovalScopeKind, scopeId: string, at: string): boolean {
    return this.write(() => {
      const before = this.policy(scopeKind, scopeId);
      if (!before) return false;
      this.statements.deletePolicy.run(scopeKind, scopeId);
      this.record('approval-policy.delete', 'approval-policy', `${scopeKind}:${scopeId}`, before, null, at);
      return true;
    });
  }

  insertRequest(request: ApprovalRequestRecord): void {
    this.write(() => {
      this.statements.insertRequest.run({
        id: request.id,
        status: request.status,
        environment: request.environment,
        createdAt: request.createdAt,
        revision: request.revision,
        data: JSON.stringify(request),
      });
      this.record('approval-request.create', 'approval-request', request.id, null, auditedRequest(request), request.createdAt);
    });
  }

  request(id: string): ApprovalRequestRecord | undefined {
    const row = this.statements.request.get(id);
    return row && toApprovalRequest(row, sqliteColumns);
  }

  requests(filter: ApprovalRequestFilter = {}): ApprovalRequestRecord[] {
    return this.statements.requests
      .all()
      .map((row) => toApprovalRequest(row, sqliteColumns))
      .filter(
        (request) =>
          (!filter.status || filter.status.includes(request.status)) && (!filter.environment || request.environment === filter.environment),
      );
  }

  updateRequest(next: ApprovalRequestRecord, action: string): boolean {
    return this.write(() => {
      const before = this.request(next.id);
      if (!before) return false;
      const changed = this.statements.updateRequest.run({
        id: next.id,
        status: next.status,
        revision: next.revision,
        expected: next.revision - 1,
        data: JSON.stringify(next),
      }).changes;
      if (changed === 0) return false;
      this.record(action, 'approval-request', next.id, auditedRequest(before), auditedRequest(next), new Date().toISOString());
      return true;
    });
  }
}

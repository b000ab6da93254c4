/** Rows of the approval tables and their mapping, shared by both stores (records are kept as JSON documents). */
import type { ApprovalPolicyRecord, ApprovalRequestRecord } from '../ports/approval-records.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `approval_policies`. */
export interface ApprovalPolicyRow {
  scope_kind: string;
  scope_id: string;
  data: JsonColumn;
}

/** A row of `approval_requests`. */
export interface ApprovalRequestRow {
  id: string;
  tenant: string;
  data: JsonColumn;
}

/** The record a policy row holds. */
export const toApprovalPolicy = (row: ApprovalPolicyRow, columns: ColumnDecoder): ApprovalPolicyRecord =>
  columns.json<ApprovalPolicyRecord>(row.data);

/** The record a request row holds. */
export const toApprovalRequest = (row: ApprovalRequestRow, columns: ColumnDecoder): ApprovalRequestRecord => ({
  ...columns.json<ApprovalRequestRecord>(row.data),
  tenant: row.tenant,
});

/** A request as the audit log shows it: where it stands, never the whole plan again. */
export function auditedRequest(request: ApprovalRequestRecord): Record<string, unknown> {
  return {
    action: request.action,
    environment: request.environment,
    subject: request.subject,
    requester: request.requester,
    planHash: request.planHash,
    status: request.status,
    decisions: request.decisions,
    reason: request.reason,
    jobId: request.jobId,
    expiresAt: request.expiresAt,
  };
}

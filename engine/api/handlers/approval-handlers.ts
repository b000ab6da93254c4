import type { ApprovalService } from '../../approvals/approval-service.js';
import { currentRequest } from '../../context/request-context.js';
import type { ApprovalRequestRecord } from '../../store/ports/approval-records.js';
import { AuthorizationError, type Caller } from '../authorization.js';
import type { Handlers } from '../dispatcher.js';

type ApprovalMethods =
  | 'setApprovalPolicy'
  | 'getApprovalPolicy'
  | 'listApprovalPolicies'
  | 'deleteApprovalPolicy'
  | 'listApprovalRequests'
  | 'getApprovalRequest'
  | 'approveApprovalRequest'
  | 'rejectApprovalRequest';

/** The caller of the call being served; the dispatcher put it in the request context. */
function requestCaller(owner: Caller | undefined): Caller {
  const request = currentRequest();
  // The local engine's own transports (the app, the CLI) call without a caller: the owner calls.
  if (owner && !request?.actor) return owner;
  if (!request?.actor || !request.tenant || !request.permissions) {
    throw new AuthorizationError('unauthorized', 'Sign in first', { method: 'getApprovalRequest', permission: 'approval:read' });
  }
  return { id: request.actor, tenant: request.tenant, permissions: request.permissions };
}

/** A request as listed: no plan. */
export function approvalSummary(request: ApprovalRequestRecord) {
  return {
    id: request.id,
    action: request.action,
    environment: request.environment,
    subject: request.subject,
    requester: request.requester,
    status: request.status,
    approvals: new Set(request.decisions.filter((entry) => entry.decision === 'approve').map((entry) => entry.by)).size,
    required: request.policy.required,
    decisions: request.decisions,
    reason: request.reason,
    planHash: request.planHash,
    jobId: request.jobId,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedAt: request.decidedAt,
  };
}

/** A request with its plan, diff and policy. */
function approvalDetail(request: ApprovalRequestRecord) {
  return { ...approvalSummary(request), plan: request.plan, diff: request.diff, cost: request.cost, policy: request.policy };
}

/**
 * API methods of approvals, on the shared server and the local engine alike: the service answers
 * `server_only` where the local engine cannot do what is asked (approval by other people).
 */
export function approvalHandlers(approvals: ApprovalService, owner?: Caller): Pick<Handlers, ApprovalMethods> {
  const caller = () => requestCaller(owner);
  return {
    setApprovalPolicy: (input) => approvals.setPolicy(caller(), input),
    getApprovalPolicy: (input) => approvals.getPolicy(input),
    listApprovalPolicies: () => approvals.listPolicies(),
    deleteApprovalPolicy: (input) => approvals.deletePolicy(input),
    listApprovalRequests: async (input) => (await approvals.listRequests(input)).map(approvalSummary),
    getApprovalRequest: async ({ id }) => approvalDetail(await approvals.getRequest(id)),
    approveApprovalRequest: async ({ id, comment }) => approvalDetail(await approvals.decide(caller(), id, 'approve', comment ?? '')),
    rejectApprovalRequest: async ({ id, comment }) => approvalDetail(await approvals.decide(caller(), id, 'reject', comment ?? '')),
  };
}

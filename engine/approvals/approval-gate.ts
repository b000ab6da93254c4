/**
 * The one call a gated action makes before it is queued, as the deploy service and the stack
 * workflows see it (the approval service implements it).
 *
 * Usage, for an action registered with `ApprovalService.registerAction(kind, { plan, run })`:
 *
 *     await approvals.approvalGate({ kind: 'stack.deploy', action: 'deploy', environment, subject: instanceName, payload });
 *     // …then queue the job exactly as without approvals.
 *
 * It resolves when the action may start now and rejects with `approval_pending` (details.requestId:
 * the request waiting for approvers; the caller reports it and starts nothing) or `approval_void`
 * (the approved plan changed). Once approved, the approval service calls the action's `run(payload)`
 * as the requester, which calls the gate again: that call passes when the plan's hash is unchanged.
 * `action` is `deploy`, `destroy`, `upgrade` or `day2:<operation>`.
 */
import type { GateInput } from './approval-service.js';

/** See the module comment. */
export interface ApprovalGate {
  approvalGate<P>(input: GateInput<P>): Promise<void>;
}

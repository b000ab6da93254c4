import { NimbusError, type ErrorDetails } from '../errors.js';

/**
 * A failure of approvals: `approval_pending` (the action waits; `details.requestId`), `approval_void`
 * (the approved plan changed), `approval_closed` (a decision on a request no longer pending),
 * `approval_duplicate` (the approver already decided), `forbidden` (not an eligible approver, or
 * approving one's own request), `server_only` (n-of-m needs the shared server), `invalid_input`.
 */
export class ApprovalError extends NimbusError {
  override name = 'ApprovalError';
  constructor(
    code: 'approval_pending' | 'approval_void' | 'approval_closed' | 'approval_duplicate' | 'forbidden' | 'server_only' | 'invalid_input',
    message: string,
    details: ErrorDetails = {},
  ) {
    super(code, message, details);
  }
}

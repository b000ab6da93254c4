import { Icon } from '../ui/Icon';
import type { ApprovalRequest } from './approval-model';

export interface AwaitingApprovalProps {
  requestId: string;
  /** The request as last read, or null before it is. */
  request: ApprovalRequest | null;
  /** What waits, for the sentence: "The deployment", "The destroy". */
  what: string;
  onOpen?(): void;
}

/** Where an action refused with `approval_pending` waits: the request, how many approvals it has, a link to it. */
export function AwaitingApproval({ requestId, request, what, onOpen }: AwaitingApprovalProps) {
  const status = request?.status ?? 'pending';
  return (
    <div className="wizard-hint" role="status" data-testid="awaiting-approval" data-status={status}>
      <Icon name="approvals" size={16} />{' '}
      {status === 'pending' ? (
        <>
          <strong>{what} awaits approval.</strong> Nothing runs until approvers agree
          {request ? ` (${request.approvals} of ${request.required} so far, expires ${new Date(request.expiresAt).toLocaleString()})` : ''}.
          It starts by itself once approved; this view follows it.
        </>
      ) : status === 'approved' ? (
        <>
          <strong>Approved.</strong> {request?.jobId ? `${what} started.` : (request?.reason ?? 'It could not start; start it again.')}
        </>
      ) : (
        <>
          <strong>
            {what} was {status === 'void' ? 'voided' : status}.
          </strong>{' '}
          {request?.reason ?? ''} {status === 'rejected' && request ? request.decisions.map((decision) => decision.comment).join(' ') : ''}
        </>
      )}{' '}
      <a href={`#/approvals/${encodeURIComponent(requestId)}`} onClick={onOpen} data-testid="awaiting-approval-link">
        Open the request in Approvals
      </a>
    </div>
  );
}

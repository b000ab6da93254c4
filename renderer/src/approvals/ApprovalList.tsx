import { Tag } from '../ui/Tag';
import { usePersonName } from './use-person-name';
import { STATUS_TONE, relativeTime, type ApprovalSummary } from './approval-model';

export interface ApprovalListProps {
  requests: ApprovalSummary[];
  activeId: string | null;
  onOpen(id: string): void;
}

/** The requests of the chosen status, newest first; each a button opening its detail. */
export function ApprovalList({ requests, activeId, onOpen }: ApprovalListProps) {
  const personName = usePersonName();
  return (
    <ul className="approval-list" aria-label="Approval requests" data-testid="approval-list" data-count={requests.length}>
      {requests.map((request) => (
        <li key={request.id}>
          <button
            type="button"
            className={`approval-list__item${request.id === activeId ? ' approval-list__item--active' : ''}`}
            aria-current={request.id === activeId ? 'true' : undefined}
            onClick={() => onOpen(request.id)}
            data-testid="approval-item"
            data-id={request.id}
            data-status={request.status}
          >
            <span className="approval-list__title">
              <Tag tone={STATUS_TONE[request.status]}>{request.status}</Tag> <strong>{request.action}</strong> {request.subject}{' '}
              <span className="muted">→ {request.environment}</span>
            </span>
            <span className="approval-list__meta muted">
              by {personName(request.requester)} · {request.approvals} of {request.required} approvals ·{' '}
              {request.status === 'pending' ? `expires ${relativeTime(request.expiresAt)}` : `asked ${relativeTime(request.createdAt)}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

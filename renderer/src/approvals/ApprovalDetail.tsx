import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason, useIdentity } from '../permissions/PermissionProvider';
import { EmptyState } from '../ui/EmptyState';
import { Tag } from '../ui/Tag';
import {
  STATUS_TONE,
  decideBlockedReason,
  describeApprovalError,
  formatApprovers,
  relativeTime,
  type ApprovalRequest,
} from './approval-model';
import { DecisionForm } from './DecisionForm';
import { DiffView } from './DiffView';
import { PlanTable } from './PlanTable';
import { usePersonName } from './use-person-name';

export interface ApprovalDetailProps {
  id: string;
  refreshKey: number;
  onDecided(): void;
}

/** One request: where it stands, who decided with their comments, the plan it approves, Pulumi's diff. */
export function ApprovalDetail({ id, refreshKey, onDecided }: ApprovalDetailProps) {
  const api = useApi();
  const identity = useIdentity();
  const permissionReason = useBlockedReason('approveApprovalRequest');
  const personName = usePersonName();
  const load = useCallback(() => api.getApprovalRequest({ id }), [api, id]);
  const resource = useApiResource(load, null, refreshKey);
  // The answer to a decision shows at once, until the next read brings the request as it is now.
  const [decided, setDecided] = useState<{ request: ApprovalRequest; over: ApprovalRequest | null } | null>(null);
  const fresh = resource.value?.id === id ? resource.value : null;
  const request = decided !== null && decided.over === resource.value && decided.request.id === id ? decided.request : fresh;

  if (request === null) {
    if (resource.error) {
      const problem = describeApprovalError(resource.error);
      return (
        <EmptyState
          icon="alert"
          title={problem.title}
          testId="approval-detail-error"
          action={
            <button type="button" className="button" onClick={resource.reload}>
              Try again
            </button>
          }
        >
          {problem.message}
        </EmptyState>
      );
    }
    return (
      <div className="page__loading" role="status">
        Loading the request…
      </div>
    );
  }
  const who = identity.status === 'known' ? identity.who : null;
  const blocked = decideBlockedReason(request, who, permissionReason);
  return (
    <article className="approval-detail" aria-labelledby="approval-detail-title" data-testid="approval-detail" data-status={request.status}>
      <h2 id="approval-detail-title" className="approval-detail__title">
        <Tag tone={STATUS_TONE[request.status]} testId="approval-status">
          {request.status}
        </Tag>{' '}
        {request.action} {request.subject} → {request.environment}
      </h2>
      <dl className="facts facts--wide">
        <dt>Requested by</dt>
        <dd data-testid="approval-requester">
          {personName(request.requester)} · {relativeTime(request.createdAt)}
        </dd>
        <dt>Approvals</dt>
        <dd data-testid="approval-count">
          {request.approvals} of {request.required}
        </dd>
        <dt>{request.status === 'pending' ? 'Expires' : 'Decided'}</dt>
        <dd>
          {request.status === 'pending' ? (
            <time dateTime={request.expiresAt} title={request.expiresAt}>
              {relativeTime(request.expiresAt)}
            </time>
          ) : request.decidedAt ? (
            <time dateTime={request.decidedAt}>{relativeTime(request.decidedAt)}</time>
          ) : (
            '—'
          )}
        </dd>
        <dt>Approvers</dt>
        <dd>{request.policy.approvers.length > 0 ? formatApprovers(request.policy.approvers) : 'anyone holding approval:decide'}</dd>
        {request.reason && (
          <>
            <dt>Reason</dt>
            <dd data-testid="approval-reason">{request.reason}</dd>
          </>
        )}
        {request.jobId && (
          <>
            <dt>Job</dt>
            <dd>
              <a href="#/deployments" className="mono" data-testid="approval-job">
                {request.jobId}
              </a>{' '}
              <span className="muted">(started as the requester; follow it on Deployments)</span>
            </dd>
          </>
        )}
        <dt>Plan hash</dt>
        <dd className="mono" data-testid="approval-plan-hash">
          {request.planHash}
        </dd>
      </dl>

      <h3 className="approval-detail__section">Decisions</h3>
      {request.decisions.length === 0 ? (
        <p className="muted" data-testid="approval-no-decisions">
          Nobody decided yet.
        </p>
      ) : (
        <ul className="approval-decisions" data-testid="approval-decisions">
          {request.decisions.map((decision) => (
            <li key={`${decision.by}-${decision.at}`}>
              <Tag tone={decision.decision === 'approve' ? 'success' : 'danger'}>
                {decision.decision === 'approve' ? 'approved' : 'rejected'}
              </Tag>{' '}
              <strong>{personName(decision.by)}</strong> <span className="muted">{relativeTime(decision.at)}</span>
              {decision.comment && <blockquote className="approval-decisions__comment">{decision.comment}</blockquote>}
            </li>
          ))}
        </ul>
      )}
      {request.status === 'pending' && (
        <DecisionForm
          key={request.id}
          request={request}
          blocked={blocked}
          onStale={() => {
            resource.reload();
            onDecided();
          }}
          onDecided={(next) => {
            setDecided({ request: next, over: resource.value });
            onDecided();
          }}
        />
      )}

      <h3 className="approval-detail__section">Plan</h3>
      <PlanTable plan={request.plan} />
      <details className="approval-detail__raw">
        <summary>The plan as JSON</summary>
        <pre className="mono" tabIndex={0} aria-label="The plan as JSON">
          {JSON.stringify(request.plan, null, 2)}
        </pre>
      </details>
      <h3 className="approval-detail__section">Pulumi diff</h3>
      {request.diff === null || request.diff === undefined ? (
        <p className="muted" data-testid="approval-no-diff">
          No preview of this topology ran, so there is no diff. Preview it in the deploy wizard to see what Pulumi would change.
        </p>
      ) : (
        <DiffView diff={request.diff} />
      )}
    </article>
  );
}

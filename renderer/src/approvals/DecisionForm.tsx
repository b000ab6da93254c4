import { useId, useState } from 'react';
import { toApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Icon } from '../ui/Icon';
import { describeApprovalError, type ApprovalRequest } from './approval-model';

export interface DecisionFormProps {
  request: ApprovalRequest;
  /** Why the user may not decide, or null. */
  blocked: string | null;
  onDecided(request: ApprovalRequest): void;
  /** The server said the request changed meanwhile (decided, expired): read it again. */
  onStale(): void;
}

/**
 * Approve or reject with a comment. A rejection ends the request for good, so it needs a comment and
 * a confirmation; a refusal by the server (not eligible, decided meanwhile) is shown in place by code.
 */
export function DecisionForm({ request, blocked: known, onDecided, onStale }: DecisionFormProps) {
  const api = useApi();
  const notifier = useNotifier();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [missingComment, setMissingComment] = useState(false);
  // A refusal the app could not foresee (not an approver the policy names, decided already) disables the buttons too.
  const [refused, setRefused] = useState<string | null>(null);
  const blocked = known ?? refused;

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setProblem(null);
    try {
      const input = { id: request.id, ...(comment.trim() !== '' ? { comment: comment.trim() } : {}) };
      const decided = decision === 'approve' ? await api.approveApprovalRequest(input) : await api.rejectApprovalRequest(input);
      setComment('');
      notifier.success(decision === 'approve' ? 'Approved' : 'Rejected', `${request.action} ${request.subject} → ${request.environment}`);
      onDecided(decided);
    } catch (error) {
      const described = describeApprovalError(error);
      setProblem(described);
      const code = toApiError(error).code;
      if (code === 'forbidden' || code === 'approval_duplicate')
        setRefused(described.message === '' ? described.title : `${described.title}: ${described.message}`);
      if (code === 'approval_closed' || code === 'approval_void') onStale();
    } finally {
      setBusy(false);
    }
  };

  const askReject = () => {
    if (comment.trim() === '') {
      setMissingComment(true);
      document.getElementById(commentId)?.focus();
      return;
    }
    setConfirming(true);
  };

  return (
    <section className="approval-decision" aria-label="Your decision" data-testid="approval-decision">
      <label className="field" htmlFor={commentId}>
        <span className="field__label">
          Comment {missingComment ? '(required to reject)' : '(required to reject, optional to approve)'}
        </span>
      </label>
      <textarea
        id={commentId}
        className="input approval-decision__comment"
        rows={3}
        maxLength={2000}
        value={comment}
        disabled={blocked !== null || busy}
        aria-invalid={missingComment && comment.trim() === '' ? true : undefined}
        onChange={(event) => {
          setComment(event.target.value);
          setMissingComment(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && blocked === null && !busy) {
            event.preventDefault();
            void decide('approve');
          }
        }}
        data-testid="approval-comment"
      />
      {missingComment && comment.trim() === '' && (
        <p className="form-error" role="alert" data-testid="approval-comment-required">
          Say why you reject: the requester reads it.
        </p>
      )}
      {blocked !== null && (
        <p className="muted" data-testid="approval-blocked">
          {blocked}
        </p>
      )}
      {problem && (
        <div className="form-error" role="alert" data-testid="approval-error">
          <strong>{problem.title}. </strong>
          {problem.message}
        </div>
      )}
      <div className="approval-decision__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void decide('approve')}
          data-testid="approval-approve"
          {...blockedProps(blocked, { disabled: busy, title: 'Approve (Ctrl+Enter in the comment)' })}
        >
          <Icon name="check" size={14} />
          Approve
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={askReject}
          data-testid="approval-reject"
          {...blockedProps(blocked, { disabled: busy })}
        >
          <Icon name="close" size={14} />
          Reject…
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Reject ${request.action} of ${request.subject}?`}
          message={`The request ends and the ${request.action} in ${request.environment} never runs; the requester has to ask again.`}
          confirmLabel="Reject request"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void decide('reject');
          }}
        />
      )}
    </section>
  );
}

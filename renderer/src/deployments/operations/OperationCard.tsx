import { useMemo, useState, useSyncExternalStore } from 'react';
import { describeError } from '../../toasts/describe-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Icon } from '../../ui/Icon';
import { asDeploymentRun } from '../job-results';
import { reduceJobRun } from '../run/node-runs';
import { RunOutcome } from '../run/RunOutcome';
import { RunProgress } from '../run/RunProgress';
import type { Operation } from './use-operations';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

/** One running (or just finished) action: live progress per component, cancel while it runs, the outcome after. */
export function OperationCard({ operation, onDismiss }: { operation: Operation; onDismiss(): void }) {
  const cancelBlocked = useBlockedReason('cancelJob');
  const snapshot = useSyncExternalStore(operation.tracker.subscribe, operation.tracker.getSnapshot);
  const view = useMemo(() => reduceJobRun(snapshot.events), [snapshot.events]);
  const [confirming, setConfirming] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const run = snapshot.job ? asDeploymentRun(snapshot.job.result) : null;
  const finished = snapshot.job !== null;
  return (
    <article
      className="card operation"
      aria-label={operation.title}
      data-testid="operation"
      data-title={operation.title}
      data-status={snapshot.status ?? 'starting'}
    >
      <header className="operation__header">
        <h3 className="card__title">{operation.title}</h3>
        <span className="operation__spacer" />
        {finished ? (
          <button type="button" className="button button--small button--ghost" onClick={onDismiss} data-testid="operation-dismiss">
            <Icon name="close" size={14} />
            Dismiss
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(true)}
            data-testid="operation-cancel"
            {...blockedProps(cancelBlocked, { disabled: snapshot.jobId === null })}
          >
            <Icon name="stop" size={14} />
            Cancel
          </button>
        )}
      </header>
      {cancelError !== null && (
        <div className="form-error" role="alert">
          Could not cancel: {describeError(cancelError).message}
        </div>
      )}
      {run ? (
        <>
          {snapshot.job?.error && (
            <div className="form-error" role="alert">
              {describeError(snapshot.job.error).message}
            </div>
          )}
          <RunOutcome run={run} />
        </>
      ) : (
        <RunProgress view={view} status={snapshot.status} label={`Progress of ${operation.title}`} />
      )}
      {confirming && (
        <ConfirmDialog
          title={`Cancel "${operation.title}"?`}
          message="Work already done stays done; what runs now is stopped and the rest is skipped."
          confirmLabel="Cancel the job"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            operation.tracker.cancel().catch(setCancelError);
          }}
        />
      )}
    </article>
  );
}

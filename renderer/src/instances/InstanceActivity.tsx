import { useMemo, useState } from 'react';
import { reduceJobRun, progressFraction } from '../deployments/run/node-runs';
import { NodeRunRow } from '../deployments/run/NodeRunRow';
import { RunLog } from '../deployments/run/RunLog';
import { describeError } from '../toasts/describe-error';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Icon } from '../ui/Icon';
import { ProgressBar } from '../ui/ProgressBar';
import { Tag } from '../ui/Tag';
import type { StackInstance } from './instance-entities';
import { pendingConfirmation } from './instance-jobs';
import { useInstanceJob } from './use-instance-job';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

const JOB_TONE = { running: 'accent', succeeded: 'success', failed: 'danger', cancelled: 'warning', interrupted: 'warning' } as const;

export interface InstanceActivityProps {
  instance: StackInstance;
  /** Lets an operation waiting at a confirm step go on. */
  onConfirm(): Promise<void>;
}

/**
 * The workflow an instance runs, followed live through its job: progress per slot, the job's own log
 * (an operation's steps and command output), cancel while it runs, and Confirm when an operation waits
 * at a confirm step. The last job stays shown after it ended, so its outcome and output can be read.
 */
export function InstanceActivity({ instance, onConfirm }: InstanceActivityProps) {
  const { tracker, snapshot } = useInstanceJob(instance);
  const view = useMemo(() => reduceJobRun(snapshot.events), [snapshot.events]);
  const question = pendingConfirmation(snapshot.events);
  const [cancelling, setCancelling] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmBlocked = useBlockedReason('confirmStackOperation');
  const cancelBlocked = useBlockedReason('cancelJob');

  if (!instance.activity && !snapshot.jobId) {
    return (
      <p className="muted" data-testid="instance-activity-none">
        Nothing is running.
      </p>
    );
  }
  const status = snapshot.jobId ? (snapshot.status ?? 'running') : 'running';
  const following = snapshot.jobId !== null && snapshot.job === null;
  const title = snapshot.events.find((event) => event.type === 'job.started');
  return (
    <div className="instance-activity" data-testid="instance-job" data-status={status} data-job-id={snapshot.jobId ?? ''}>
      <div className="instance-activity__head">
        <span className="instance-activity__title">
          {title?.type === 'job.started' ? title.title : `${instance.activity?.workflow ?? 'Workflow'} starting…`}
        </span>
        <Tag tone={JOB_TONE[status]} testId="instance-job-status">
          {status}
        </Tag>
        <span className="operation__spacer" />
        {following && (
          <button
            type="button"
            className="button button--small"
            onClick={() => setCancelling(true)}
            data-testid="instance-job-cancel"
            {...blockedProps(cancelBlocked)}
          >
            <Icon name="stop" size={14} />
            Cancel
          </button>
        )}
        {!following && !instance.activity && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => tracker.reset()}
            data-testid="instance-job-dismiss"
          >
            <Icon name="close" size={14} />
            Dismiss
          </button>
        )}
      </div>
      <ProgressBar
        fraction={progressFraction(view)}
        label={`Progress of ${instance.activity?.workflow ?? 'the last workflow'}`}
        tone={JOB_TONE[status]}
        testId="instance-job-progress"
      />
      {question !== null && following && (
        <div className="banner banner--warning" role="alert" data-testid="instance-confirmation">
          <div className="banner__text">
            <strong>Waiting for confirmation:</strong> {question}
          </div>
          <div className="banner__actions">
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => {
                setConfirming(true);
                setProblem(null);
                onConfirm()
                  .catch((error: unknown) => setProblem(`Could not confirm: ${describeError(error).message}`))
                  .finally(() => setConfirming(false));
              }}
              data-testid="instance-confirm"
              {...blockedProps(confirmBlocked, { disabled: confirming })}
            >
              Confirm
            </button>
          </div>
        </div>
      )}
      {problem && (
        <div className="form-error" role="alert">
          {problem}
        </div>
      )}
      {view.error && (
        <div className="form-error" role="alert" data-testid="instance-job-error">
          {view.error.message}
        </div>
      )}
      {view.nodes.length > 0 && (
        <ul className="run-nodes" aria-label="Slots">
          {view.nodes.map((node) => (
            <NodeRunRow key={node.nodeId} node={node} />
          ))}
        </ul>
      )}
      <RunLog lines={view.log} label="Workflow log" testId="instance-job-log" />
      {cancelling && (
        <ConfirmDialog
          title={`Cancel ${instance.activity?.workflow ?? 'the workflow'}?`}
          message="Work already done stays done; what runs now is stopped. The state machine then follows the workflow's failure transition; the instance records the workflow as cancelled, not as an error."
          confirmLabel="Cancel the workflow"
          danger
          onCancel={() => setCancelling(false)}
          onConfirm={() => {
            setCancelling(false);
            tracker.cancel().catch((error: unknown) => setProblem(`Could not cancel: ${describeError(error).message}`));
          }}
        />
      )}
    </div>
  );
}

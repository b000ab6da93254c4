import { useCallback, useEffect, useState } from 'react';
import type { PulumiStatus } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { JobEventLog } from '../jobs/JobEventLog';
import { useJobRun } from '../jobs/use-job-run';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

const STATUS_LABEL = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
} as const;

export function PulumiSection() {
  const api = useApi();
  const notifier = useNotifier();
  const [status, setStatus] = useState<PulumiStatus | null>(null);
  const startCheck = useCallback(() => api.startPulumiCheck({}), [api]);
  const run = useJobRun(startCheck);
  const checkBlocked = useBlockedReason('startPulumiCheck');
  const cancelBlocked = useBlockedReason('cancelJob');

  const refresh = useCallback(
    () =>
      api.getPulumiStatus({}).then(setStatus, (error: unknown) => {
        notifier.error('Could not check for Pulumi', error);
      }),
    [api, notifier],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const start = () => run.start().catch((error: unknown) => notifier.error('Could not start the Pulumi self-check', error));
  const cancel = () => run.cancel().catch((error: unknown) => notifier.error('Could not cancel the self-check', error));
  const running = run.starting || run.status === 'running';

  return (
    <section className="card" aria-labelledby="pulumi-title" data-testid="pulumi-section">
      <h2 id="pulumi-title" className="card__title">
        Pulumi
      </h2>
      <p className="card__text">
        Nimbus deploys with the Pulumi CLI on this machine. The self-check previews, deploys and destroys a tiny test program.
      </p>
      <dl className="facts" data-testid="pulumi-status">
        <dt>Status</dt>
        <dd>
          {status === null ? (
            'Checking…'
          ) : status.available ? (
            <span className="pill pill--success">Available</span>
          ) : (
            <span className="pill pill--error">Not found</span>
          )}
        </dd>
        {status?.version && (
          <>
            <dt>Version</dt>
            <dd>{status.version}</dd>
          </>
        )}
        {status?.cliPath && (
          <>
            <dt>CLI</dt>
            <dd className="mono">{status.cliPath}</dd>
          </>
        )}
        {status?.problem && (
          <>
            <dt>Problem</dt>
            <dd>{status.problem}</dd>
          </>
        )}
      </dl>
      <div className="card__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void start()}
          data-testid="run-pulumi-check"
          {...blockedProps(checkBlocked, { disabled: running })}
        >
          Run Pulumi self-check
        </button>
        {running && run.jobId && (
          <button
            type="button"
            className="button"
            onClick={() => void cancel()}
            data-testid="cancel-pulumi-check"
            {...blockedProps(cancelBlocked)}
          >
            Cancel
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={() => void refresh()}>
          Check again
        </button>
        {run.status && (
          <span
            className={`pill pill--${run.status === 'succeeded' ? 'success' : run.status === 'running' ? 'info' : 'error'}`}
            data-testid="pulumi-check-status"
          >
            {STATUS_LABEL[run.status]}
          </span>
        )}
      </div>
      {run.jobId && <JobEventLog events={run.events} />}
    </section>
  );
}

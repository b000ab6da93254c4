import type { JobSnapshot } from '../../jobs/job-tracker';
import { describeError } from '../../toasts/describe-error';
import { asDeploymentRun } from '../job-results';
import type { JobRunView } from '../run/node-runs';
import { RunOutcome } from '../run/RunOutcome';
import { RunProgress } from '../run/RunProgress';

/** Step 6: every node's outcome with errors and outputs; without a result (the job itself failed) the last progress and the error. */
export function ResultStep({ deploy, view, onRetrySync }: { deploy: JobSnapshot; view: JobRunView; onRetrySync(): void }) {
  if (!deploy.job) {
    return (
      <div className="form-error" role="alert">
        Could not read the result of the deployment{deploy.syncError ? `: ${describeError(deploy.syncError).message}` : '.'}{' '}
        <button type="button" className="link-button" onClick={onRetrySync}>
          Try again
        </button>
      </div>
    );
  }
  const run = asDeploymentRun(deploy.job.result);
  return (
    <div className="wizard-result" data-testid="deploy-result" data-status={deploy.job.status}>
      {deploy.job.error && (
        <div className="form-error" role="alert" data-testid="deploy-result-error">
          <strong>The deployment {deploy.job.status}. </strong>
          {describeError(deploy.job.error).message}
        </div>
      )}
      {run ? <RunOutcome run={run} /> : <RunProgress view={view} status={deploy.job.status} label="Deployment progress" />}
    </div>
  );
}

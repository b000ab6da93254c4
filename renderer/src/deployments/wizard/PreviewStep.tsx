import { useMemo } from 'react';
import type { DeploymentPlan } from '../../api/entities';
import type { JobSnapshot } from '../../jobs/job-tracker';
import { describeError } from '../../toasts/describe-error';
import { Tag } from '../../ui/Tag';
import { asDeploymentPlan } from '../job-results';
import { countPlan, describeCounts } from '../plan-summary';
import { reduceJobRun } from '../run/node-runs';
import { RunProgress } from '../run/RunProgress';
import { ACTION_TONE } from '../status-tones';
import { PreviewNode } from './PreviewNode';

export interface PreviewStepProps {
  preview: JobSnapshot;
  /** Nodes known from the resolved parameters, shown as waiting until the preview reaches them. */
  seed: readonly { nodeId: string; label: string }[];
  onRetry(): void;
}

/** Step 3: the preview job while it runs, then what deploying would change, node by node. */
export function PreviewStep({ preview, seed, onRetry }: PreviewStepProps) {
  const view = useMemo(() => reduceJobRun(preview.events, seed), [preview.events, seed]);
  const failure =
    preview.startError ??
    (preview.job && preview.job.status !== 'succeeded'
      ? (preview.job.error ?? { code: preview.job.status, message: `The preview was ${preview.job.status}.` })
      : null);
  if (failure) {
    return (
      <div className="form-error" role="alert" data-testid="deploy-preview-error">
        <strong>The preview did not finish. </strong>
        {describeError(failure).message}{' '}
        <button type="button" className="link-button" onClick={onRetry} data-testid="deploy-preview-retry">
          Preview again
        </button>
      </div>
    );
  }
  const plan = preview.job ? asDeploymentPlan(preview.job.result) : null;
  if (preview.job && !plan) {
    return (
      <div className="form-error" role="alert" data-testid="deploy-preview-error">
        The engine finished the preview without a plan to show.{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Preview again
        </button>
      </div>
    );
  }
  if (!plan) {
    return (
      <div className="wizard-running" aria-busy="true" data-testid="deploy-preview-running">
        <p className="wizard-hint">Previewing: Nimbus asks Pulumi what deploying each component would change. Nothing is created.</p>
        <RunProgress view={view} status={preview.status} label="Preview progress" />
      </div>
    );
  }
  return <PreviewResult plan={plan} />;
}

function PreviewResult({ plan }: { plan: DeploymentPlan }) {
  const counts = countPlan(plan);
  return (
    <div className="preview-result" data-testid="deploy-preview">
      <p
        className="plan-summary"
        role="status"
        data-testid="preview-summary"
        data-create={counts.create}
        data-update={counts.update}
        data-delete={counts.delete}
        data-unchanged={counts.unchanged}
      >
        {describeCounts(counts)}
      </p>
      <div className="preview-counts" aria-hidden="true">
        {(['create', 'update', 'delete', 'unchanged'] as const).map((action) => (
          <Tag key={action} tone={counts[action] > 0 ? ACTION_TONE[action] : 'neutral'}>
            {counts[action]} {action}
          </Tag>
        ))}
      </div>
      <div className="plan-nodes">
        {plan.nodes.map((node) => (
          <PreviewNode key={node.nodeId} node={node} />
        ))}
      </div>
    </div>
  );
}

import type { DeploymentPlan } from '../../api/entities';
import type { ApprovalRequest } from '../../approvals/approval-model';
import { AwaitingApproval } from '../../approvals/AwaitingApproval';
import { describeError } from '../../toasts/describe-error';
import { Tag } from '../../ui/Tag';
import { deployNeedsTypedName } from '../destroy/destroy-confirmation';
import { countPlan, describeCounts } from '../plan-summary';
import { ACTION_TONE } from '../status-tones';

export interface ConfirmStepProps {
  plan: DeploymentPlan;
  topology: string;
  environment: string;
  /** Why the deploy could not be started, shown in place. */
  startError: unknown;
  /** The topology's name as typed, asked for when the deploy destroys several components. */
  typedName: string;
  onTypedNameChange(value: string): void;
  /** The approval request the deploy waits on (it was refused with approval_pending), or null. */
  awaitedApproval?: { id: string; request: ApprovalRequest | null } | null;
  /** Leaving the wizard for the request in Approvals. */
  onOpenApproval?(): void;
}

/** Step 4: one last look at what will happen, before the button that names it. */
export function ConfirmStep({
  plan,
  topology,
  environment,
  startError,
  typedName,
  onTypedNameChange,
  awaitedApproval = null,
  onOpenApproval,
}: ConfirmStepProps) {
  const counts = countPlan(plan);
  const changing = plan.nodes.filter((node) => node.action !== 'unchanged');
  return (
    <div className="wizard-confirm" data-testid="deploy-confirm-step">
      <dl className="facts facts--wide">
        <dt>Topology</dt>
        <dd>{topology}</dd>
        <dt>Environment</dt>
        <dd data-testid="deploy-confirm-environment">{environment}</dd>
        <dt>Changes</dt>
        <dd data-testid="deploy-confirm-counts">{describeCounts(counts)}</dd>
      </dl>
      {changing.length > 0 && (
        <ul className="confirm-list" aria-label="Components that change">
          {changing.map((node) => (
            <li key={node.nodeId}>
              <Tag tone={ACTION_TONE[node.action]}>{node.action}</Tag> {node.label} <span className="muted mono">{node.component}</span>
            </li>
          ))}
        </ul>
      )}
      {counts.delete > 0 && (
        <p className="wizard-hint wizard-hint--error" role="note">
          {counts.delete} {counts.delete === 1 ? 'component is' : 'components are'} no longer in the topology and will be destroyed.
        </p>
      )}
      {deployNeedsTypedName(counts) && (
        <label className="field">
          <span className="field__label">
            Type the topology name <strong className="mono">{topology}</strong> to confirm
          </span>
          <input
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            value={typedName}
            maxLength={300}
            onChange={(event) => onTypedNameChange(event.target.value)}
            data-testid="deploy-confirm-name"
          />
        </label>
      )}
      <p className="wizard-hint">
        Components deploy wave by wave; those in one wave run in parallel. A component that fails stops the ones that depend on it; the rest
        continue.
      </p>
      {awaitedApproval !== null && (
        <AwaitingApproval requestId={awaitedApproval.id} request={awaitedApproval.request} what="The deployment" onOpen={onOpenApproval} />
      )}
      {startError !== null && awaitedApproval === null && (
        <div className="form-error" role="alert" data-testid="deploy-start-error">
          <strong>Could not start the deployment. </strong>
          {describeError(startError).message}
        </div>
      )}
    </div>
  );
}

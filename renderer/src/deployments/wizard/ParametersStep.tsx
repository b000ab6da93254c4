import type { TopologyResolution } from '../../api/entities';
import type { ApiResource } from '../../api/use-api-resource';
import { PlanResult } from '../../planner/plan/PlanResult';
import { describeError } from '../../toasts/describe-error';

/** Step 2: every parameter as it would be resolved in the chosen environment, with its source; problems block the way on. */
export function ParametersStep({ plan, onRetry }: { plan: ApiResource<TopologyResolution>; onRetry(): void }) {
  if (plan.error !== null && !plan.loading) {
    return (
      <div className="form-error" role="alert" data-testid="deploy-plan-error">
        <strong>Could not resolve the parameters. </strong>
        {describeError(plan.error).message}{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (!plan.value || plan.loading) return <div className="page__loading">Resolving parameters…</div>;
  return (
    <div className="wizard-plan" data-testid="deploy-plan">
      {!plan.value.valid && (
        <p className="wizard-hint wizard-hint--error" role="alert" data-testid="deploy-plan-invalid">
          Fix the problems below in the planner (or the environment's settings) before deploying.
        </p>
      )}
      <PlanResult plan={plan.value} />
    </div>
  );
}

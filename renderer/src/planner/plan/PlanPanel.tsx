import type { ReactNode } from 'react';
import { describeError } from '../../toasts/describe-error';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import type { PlannerPlan } from '../overlay/use-planner-plan';
import { PlanResult } from './PlanResult';

export interface PlanPanelProps {
  plan: PlannerPlan;
  onClose(): void;
  onOpenEnvironments(): void;
  /** The first-run offer of a local sandbox, shown when there is no environment. */
  sandboxOffer?: ReactNode;
  /** Every node's monthly cost, below the plan. */
  cost?: ReactNode;
}

/**
 * What deploying the canvas — saved or not — to the environment chosen in the toolbar would do: the
 * parallel waves, and every node's parameters with where each value comes from. A preview: the engine
 * reserves nothing.
 */
export function PlanPanel({ plan, onClose, onOpenEnvironments, sandboxOffer, cost }: PlanPanelProps) {
  return (
    <aside className="plan-panel" aria-label="Plan" data-testid="plan-panel">
      <header className="plan-panel__header">
        <h2 className="plan-panel__title">
          <Icon name="plan" size={16} />
          Plan
          {plan.environment && <span className="plan-panel__environment-name">for {plan.environment}</span>}
        </h2>
        <span className="plan-panel__spacer" />
        <button
          type="button"
          className="button button--icon button--ghost"
          title="Plan again"
          aria-label="Plan again"
          onClick={plan.refresh}
          data-testid="plan-refresh"
        >
          <Icon name="refresh" size={16} />
        </button>
        <button
          type="button"
          className="button button--icon button--ghost"
          title="Close the plan (Shift+P)"
          aria-label="Close the plan"
          onClick={onClose}
          data-testid="plan-close"
        >
          <Icon name="close" size={16} />
        </button>
      </header>
      {plan.environments === null ? (
        <div className="plan-panel__hint">Loading environments…</div>
      ) : plan.environments.length === 0 ? (
        <EmptyState
          icon="environments"
          title="No environment to plan against"
          testId="plan-no-environments"
          action={
            <button type="button" className="button button--primary" onClick={onOpenEnvironments} data-testid="plan-open-environments">
              Go to Environments
            </button>
          }
        >
          <p>A plan resolves names, addresses and images from an environment's settings. Create a landing zone and an environment first.</p>
          {sandboxOffer}
        </EmptyState>
      ) : (
        <div
          className="plan-panel__body"
          aria-busy={plan.planLoading}
          data-testid="plan-body"
          data-loading={plan.planLoading ? 'true' : 'false'}
        >
          {plan.planError !== null && !plan.planLoading ? (
            <div className="form-error" role="alert" data-testid="plan-error">
              <strong>Could not plan. </strong>
              {describeError(plan.planError).message}
            </div>
          ) : plan.plan ? (
            <>
              <PlanResult plan={plan.plan} />
              {cost}
            </>
          ) : (
            <div className="plan-panel__hint">Planning…</div>
          )}
        </div>
      )}
    </aside>
  );
}

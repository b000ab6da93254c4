import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { useApiResource } from '../../api/use-api-resource';
import { describeError } from '../../toasts/describe-error';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useReactivation } from '../../ui/use-reactivation';
import type { PlannerEditor } from '../create-planner-editor';
import { PlanResult } from './PlanResult';

export interface PlanPanelProps {
  /** The planner page is showing; coming back refreshes the environment list. */
  active: boolean;
  editor: PlannerEditor | null;
  /** Grows with every edit of the document, so the plan follows the canvas. */
  documentVersion: number;
  onClose(): void;
  onOpenEnvironments(): void;
}

/** Re-plan this long after the last edit: a drag produces dozens of edits, and one plan is enough. */
const REPLAN_DELAY_MS = 400;

/**
 * What deploying the canvas — saved or not — to an environment would do: the parallel waves, and every
 * node's parameters with where each value comes from. A preview: the engine reserves nothing.
 */
export function PlanPanel({ active, editor, documentVersion, onClose, onOpenEnvironments }: PlanPanelProps) {
  const api = useApi();
  const [refreshes, setRefreshes] = useState(0);
  const shown = useReactivation(active);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, 'Could not list environments', `${shown}:${refreshes}`);
  const [chosen, setChosen] = useState<string | null>(null);
  const names = environments.value?.map((environment) => environment.name) ?? [];
  const environment = chosen !== null && names.includes(chosen) ? chosen : (names[0] ?? null);

  const version = useDebouncedValue(documentVersion, REPLAN_DELAY_MS);
  const loadPlan = useCallback(
    // The document is read when the request goes out, so the plan shows the canvas as it is now.
    () => (editor && environment ? api.planTopology({ document: editor.toDocument(), environment }) : Promise.resolve(null)),
    [api, editor, environment],
  );
  const plan = useApiResource(editor && environment ? loadPlan : null, null, `${version}:${refreshes}`);

  return (
    <aside className="plan-panel" aria-label="Plan" data-testid="plan-panel">
      <header className="plan-panel__header">
        <h2 className="plan-panel__title">
          <Icon name="plan" size={16} />
          Plan
        </h2>
        <span className="plan-panel__spacer" />
        <button
          type="button"
          className="button button--icon button--ghost"
          title="Plan again"
          aria-label="Plan again"
          onClick={() => setRefreshes((count) => count + 1)}
          data-testid="plan-refresh"
        >
          <Icon name="refresh" size={16} />
        </button>
        <button type="button" className="button button--icon button--ghost" title="Close the plan (Shift+P)" aria-label="Close the plan" onClick={onClose} data-testid="plan-close">
          <Icon name="close" size={16} />
        </button>
      </header>
      {environments.value === null ? (
        <div className="plan-panel__hint">Loading environments…</div>
      ) : names.length === 0 ? (
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
          A plan resolves names, addresses and images from an environment's settings. Create a landing zone and an environment first.
        </EmptyState>
      ) : (
        <>
          <label className="plan-panel__environment">
            <span className="field__label">Environment</span>
            <select className="input select" value={environment ?? ''} onChange={(event) => setChosen(event.target.value)} data-testid="plan-environment">
              {environments.value.map((entry) => (
                <option key={entry.id} value={entry.name}>
                  {entry.name} — {entry.landingZone} ({entry.provider})
                </option>
              ))}
            </select>
          </label>
          <div className="plan-panel__body" aria-busy={plan.loading} data-testid="plan-body" data-loading={plan.loading ? 'true' : 'false'}>
            {plan.error !== null && !plan.loading ? (
              <div className="form-error" role="alert" data-testid="plan-error">
                <strong>Could not plan. </strong>
                {describeError(plan.error).message}
              </div>
            ) : plan.value ? (
              <PlanResult plan={plan.value} />
            ) : (
              <div className="plan-panel__hint">Planning…</div>
            )}
          </div>
        </>
      )}
    </aside>
  );
}

import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { TopologyResolution } from '../../api/entities';
import { useApiResource } from '../../api/use-api-resource';
import { describeError } from '../../toasts/describe-error';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useReactivation } from '../../ui/use-reactivation';
import type { PlannerEditor } from '../create-planner-editor';
import { PlanNode } from './PlanNode';
import { nodesInWaveOrder } from './value-sources';

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

function PlanResult({ plan }: { plan: TopologyResolution }) {
  if (plan.nodes.length === 0) {
    return <p className="plan-panel__hint">The topology has no nodes yet. Add some to see how they would be deployed.</p>;
  }
  const labels = new Map(plan.nodes.map((node) => [node.nodeId, node.label]));
  const waveOf = new Map(plan.groups.flatMap((group, index) => group.map((id) => [id, index + 1] as const)));
  const invalid = plan.nodes.filter((node) => node.status === 'invalid').length;
  return (
    <>
      <p className={`plan-summary${plan.valid ? '' : ' plan-summary--invalid'}`} role="status" data-testid="plan-summary" data-valid={plan.valid ? 'true' : 'false'}>
        {plan.nodes.length} {plan.nodes.length === 1 ? 'node' : 'nodes'} in {plan.groups.length} {plan.groups.length === 1 ? 'wave' : 'waves'} ·{' '}
        {invalid === 0 && plan.issues.length === 0 ? 'ready to deploy' : invalid === 0 ? 'the topology has problems' : `${invalid} ${invalid === 1 ? 'node has' : 'nodes have'} problems`}
      </p>
      {plan.issues.length > 0 && (
        <ul className="plan-topology-issues" data-testid="plan-topology-issues">
          {plan.issues.map((issue) => (
            <li key={issue.message}>{issue.message}</li>
          ))}
        </ul>
      )}
      <section aria-labelledby="plan-waves-title">
        <h3 id="plan-waves-title" className="plan-panel__section-title">
          Deployment waves
        </h3>
        <ol className="plan-waves" data-testid="plan-waves">
          {plan.groups.map((group, index) => (
            <li key={index} className="plan-wave" data-testid="plan-wave" data-wave={index + 1}>
              <span className="plan-wave__number">Wave {index + 1}</span>
              <span className="plan-wave__nodes">
                {group.map((id) => (
                  <span key={id} className="plan-wave__node" data-testid="plan-wave-node">
                    {labels.get(id) ?? id}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ol>
        <p className="plan-panel__note">Nodes in one wave are deployed in parallel; each wave waits for the one before.</p>
      </section>
      <section aria-labelledby="plan-nodes-title">
        <h3 id="plan-nodes-title" className="plan-panel__section-title">
          Parameters
        </h3>
        <div className="plan-nodes">
          {nodesInWaveOrder(plan.groups, plan.nodes).map((node) => (
            <PlanNode key={node.nodeId} node={node} wave={waveOf.get(node.nodeId) ?? null} />
          ))}
        </div>
      </section>
    </>
  );
}

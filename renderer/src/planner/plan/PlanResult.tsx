import { useId } from 'react';
import type { TopologyResolution } from '../../api/entities';
import { PlanNode } from './PlanNode';
import { nodesInWaveOrder } from './value-sources';

/**
 * A resolved plan: the summary line, topology problems, the deployment waves and every node's values
 * with their sources. Shown beside the canvas and again in the deploy wizard before a preview runs.
 */
export function PlanResult({ plan }: { plan: TopologyResolution }) {
  // The panel and the wizard can show a plan at the same time; their headings need distinct ids.
  const headingId = useId();
  if (plan.nodes.length === 0) {
    return <p className="plan-panel__hint">The topology has no nodes yet. Add some to see how they would be deployed.</p>;
  }
  const labels = new Map(plan.nodes.map((node) => [node.nodeId, node.label]));
  const waveOf = new Map(plan.groups.flatMap((group, index) => group.map((id) => [id, index + 1] as const)));
  const invalid = plan.nodes.filter((node) => node.status === 'invalid').length;
  return (
    <>
      <p
        className={`plan-summary${plan.valid ? '' : ' plan-summary--invalid'}`}
        role="status"
        data-testid="plan-summary"
        data-valid={plan.valid ? 'true' : 'false'}
      >
        {plan.nodes.length} {plan.nodes.length === 1 ? 'node' : 'nodes'} in {plan.groups.length}{' '}
        {plan.groups.length === 1 ? 'wave' : 'waves'} ·{' '}
        {invalid === 0 && plan.issues.length === 0
          ? 'ready to deploy'
          : invalid === 0
            ? 'the topology has problems'
            : `${invalid} ${invalid === 1 ? 'node has' : 'nodes have'} problems`}
      </p>
      {plan.issues.length > 0 && (
        <ul className="plan-topology-issues" data-testid="plan-topology-issues">
          {plan.issues.map((issue) => (
            <li key={issue.message}>{issue.message}</li>
          ))}
        </ul>
      )}
      <section aria-labelledby={`${headingId}-waves`}>
        <h3 id={`${headingId}-waves`} className="plan-panel__section-title">
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
      <section aria-labelledby={`${headingId}-nodes`}>
        <h3 id={`${headingId}-nodes`} className="plan-panel__section-title">
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

import type { DeploymentRun, NodeOutcome } from '../../api/entities';

const ORDER: readonly NodeOutcome[] = ['created', 'updated', 'unchanged', 'refreshed', 'destroyed', 'failed', 'skipped', 'cancelled'];

/** "2 created, 1 failed": the outcomes that occurred, in a fixed order. */
export function describeOutcomes(run: Pick<DeploymentRun, 'nodes'>): string {
  const counts = new Map<NodeOutcome, number>();
  for (const node of run.nodes) counts.set(node.outcome, (counts.get(node.outcome) ?? 0) + 1);
  return ORDER.filter((outcome) => counts.has(outcome))
    .map((outcome) => `${counts.get(outcome)} ${outcome}`)
    .join(', ');
}

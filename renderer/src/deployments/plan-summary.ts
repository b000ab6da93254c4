import type { DeploymentPlan, NodeAction } from '../api/entities';

export type PlanCounts = Record<NodeAction, number> & { changes: number; total: number };

const ACTIONS: readonly NodeAction[] = ['create', 'update', 'delete', 'unchanged'];

/**
 * How many nodes a deploy would create, update, delete or leave alone. Counted from the nodes rather
 * than trusted from `summary`, so the numbers on the confirm button always match the list above it.
 */
export function countPlan(plan: Pick<DeploymentPlan, 'nodes'>): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0, changes: 0, total: plan.nodes.length };
  for (const node of plan.nodes) counts[node.action] += 1;
  counts.changes = counts.create + counts.update + counts.delete;
  return counts;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "2 to create, 1 to update, 3 unchanged": the parts that are not zero, in a fixed order. */
export function describeCounts(counts: PlanCounts): string {
  const parts = ACTIONS.filter((action) => counts[action] > 0).map((action) =>
    action === 'unchanged' ? `${counts[action]} unchanged` : `${counts[action]} to ${action}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'nothing to deploy';
}

/** The confirm button names what it will do: "Deploy 3 components", or a re-run when nothing changes. */
export function deployButtonLabel(counts: PlanCounts): string {
  return counts.changes > 0
    ? `Deploy ${plural(counts.changes, 'component')}`
    : `Deploy again (${plural(counts.total, 'component')} unchanged)`;
}

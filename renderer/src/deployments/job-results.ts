import type { DeploymentPlan, DeploymentRun } from '../api/entities';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A job's `result` is `unknown` on the wire: one record type serves every kind of job. The engine
 * validated it when it wrote it; these checks only make sure a screen reads the kind of result it
 * expects (a preview's plan, not a deploy's run) before it trusts the fields.
 */
export function asDeploymentPlan(result: unknown): DeploymentPlan | null {
  if (!isRecord(result) || !Array.isArray(result['nodes']) || !isRecord(result['summary']) || !isRecord(result['resolution'])) return null;
  return result.nodes.every(
    (node) => isRecord(node) && typeof node['nodeId'] === 'string' && typeof node['action'] === 'string' && Array.isArray(node['changes']),
  )
    ? (result as unknown as DeploymentPlan)
    : null;
}

export function asDeploymentRun(result: unknown): DeploymentRun | null {
  if (
    !isRecord(result) ||
    typeof result['operation'] !== 'string' ||
    typeof result['succeeded'] !== 'boolean' ||
    !Array.isArray(result['nodes'])
  )
    return null;
  return result.nodes.every(
    (node) => isRecord(node) && typeof node['nodeId'] === 'string' && typeof node['outcome'] === 'string' && isRecord(node['outputs']),
  )
    ? (result as unknown as DeploymentRun)
    : null;
}

/** What a drift check found: how many deployments it checked and how many had drifted. */
export function asDriftSummary(result: unknown): { checked: number; drifted: number } | null {
  if (!isRecord(result) || typeof result['checked'] !== 'number' || typeof result['drifted'] !== 'number') return null;
  return { checked: result['checked'], drifted: result['drifted'] };
}

/** One line saying what a finished job's result holds, for its toast; empty when the result says nothing readable. */
export function describeJobResult(result: unknown, describeRun: (run: DeploymentRun) => string): string {
  const run = asDeploymentRun(result);
  if (run) return describeRun(run);
  const drift = asDriftSummary(result);
  if (drift) {
    const checked = `${drift.checked} ${drift.checked === 1 ? 'deployment' : 'deployments'} checked`;
    return drift.drifted === 0 ? `${checked}, no drift` : `${checked}, ${drift.drifted} drifted`;
  }
  return '';
}

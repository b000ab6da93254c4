import type { DeployedTopology, Deployment, DeploymentStatus } from '../api/entities';
import { displayStatus, LIVE_STATUSES, type DisplayStatus } from './status-tones';

export interface DeploymentFilter {
  /** '' for every environment. */
  environment: string;
  /** '' for every status that still stands (destroyed ones only when asked for by name); 'drifted' for deployed ones that drifted. */
  status: DisplayStatus | '';
  search: string;
}

export const NO_DEPLOYMENT_FILTER: DeploymentFilter = { environment: '', status: '', search: '' };

export const isDeploymentFilterSet = (filter: DeploymentFilter): boolean =>
  filter.environment !== '' || filter.status !== '' || filter.search.trim() !== '';

/**
 * The deployments a filter lets through. The environment is filtered by the engine; status and search
 * here, so typing does not send a request per key. Search matches label, component, topology, stack
 * name and id, ignoring case.
 */
export function filterDeployments(deployments: readonly Deployment[], filter: DeploymentFilter): Deployment[] {
  const needle = filter.search.trim().toLowerCase();
  return deployments.filter((deployment) => {
    if (filter.environment && deployment.environment !== filter.environment) return false;
    if (filter.status === 'drifted') {
      if (displayStatus(deployment) !== 'drifted') return false;
    } else if (filter.status ? deployment.status !== filter.status : !LIVE_STATUSES.includes(deployment.status)) return false;
    if (!needle) return true;
    return [deployment.label, deployment.component, deployment.topology, deployment.stackName, deployment.id, deployment.semanticType].some(
      (field) => field.toLowerCase().includes(needle),
    );
  });
}

/** A deployed topology's counts that still stand: what is deployed, failed or on its way. */
export function liveCounts(topology: Pick<DeployedTopology, 'counts'>): [DeploymentStatus, number][] {
  const counts: Partial<Record<DeploymentStatus, number>> = topology.counts;
  return LIVE_STATUSES.flatMap((status) => {
    const count = counts[status] ?? 0;
    return count > 0 ? [[status, count] as [DeploymentStatus, number]] : [];
  });
}

/**
 * Deployed topologies grouped by environment (environments and topologies by name). A topology whose
 * deployments are all destroyed is gone from here; its history stays in the deployments list.
 */
export function groupByEnvironment(topologies: readonly DeployedTopology[]): { environment: string; topologies: DeployedTopology[] }[] {
  const groups = new Map<string, DeployedTopology[]>();
  for (const topology of topologies) {
    if (liveCounts(topology).length === 0) continue;
    groups.set(topology.environment, [...(groups.get(topology.environment) ?? []), topology]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, members]) => ({ environment, topologies: members.sort((a, b) => a.topology.localeCompare(b.topology)) }));
}

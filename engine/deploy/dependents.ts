import type { TopologyDocument } from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import { topologyDependencies } from '../planning/resolve-topology.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import type { DeploymentPort } from '../store/ports/repositories.js';

/** Destroying one deployment was refused because others still use it; `details.dependents` lists them. */
export class DeploymentHasDependentsError extends NimbusError {
  override name = 'DeploymentHasDependentsError';
}

/**
 * The live deployments of the same deployed topology that depend on `record`, directly or through
 * others (its wires and `dependsOn`, as last deployed), nearest first. Destroying `record` alone
 * would pull their inputs from under them, so a single-deployment destroy is refused while any exist.
 */
export async function liveDependents(store: { deployments: DeploymentPort }, record: DeploymentRecord): Promise<DeploymentRecord[]> {
  const document = (await store.deployments.topologyDocument(record.environment, record.topology)) as TopologyDocument | undefined;
  if (!document) return [];
  const dependencies = topologyDependencies(document);
  const live = new Map(
    (await store.deployments.live(record.environment, record.topology))
      .filter((other) => other.id !== record.id)
      .map((other) => [other.nodeId, other]),
  );
  const found: DeploymentRecord[] = [];
  const seen = new Set([record.nodeId]);
  const queue = [record.nodeId];
  while (queue.length > 0) {
    const nodeId = queue.shift()!;
    for (const { to } of dependencies.filter((dependency) => dependency.from === nodeId)) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
      const dependent = live.get(to);
      if (dependent) found.push(dependent);
    }
  }
  return found;
}

/** Refuses to destroy `record` alone while other deployments depend on it, naming each of them. */
export async function refuseIfDependents(store: { deployments: DeploymentPort }, record: DeploymentRecord): Promise<void> {
  const dependents = await liveDependents(store, record);
  if (dependents.length === 0) return;
  const names = dependents.map((d) => `${d.label} (${d.component}@${d.version}, ${d.id.slice(0, 8)})`).join(', ');
  throw new DeploymentHasDependentsError(
    'deployment_has_dependents',
    `${record.label} cannot be destroyed on its own: ${dependents.length === 1 ? 'this deployment depends' : `${dependents.length} deployments depend`} on it: ${names}. Destroy ${dependents.length === 1 ? 'it' : 'them'} first, or destroy the whole topology ${record.topology} in ${record.environment}.`,
    {
      deploymentId: record.id,
      dependents: dependents.map((d) => ({ id: d.id, label: d.label, component: `${d.component}@${d.version}`, status: d.status })),
    },
  );
}

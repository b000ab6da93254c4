import type { TopologyDocument } from '../api/schemas/topology.js';
import { applyUpgradeStep } from '../components/upgrade-step.js';
import { NimbusError } from '../errors.js';
import { resolversWithin, resolveTopology } from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { deployComponent } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';
import type { ResolutionInputs } from './topology-deployer.js';

/**
 * Upgrades a deployed component to a newer version of its component: the version's upgrade step
 * carries the user's parameters forward, everything is re-resolved under the new contract (resolver
 * values are kept, wired values stay as they were delivered), the deployment is updated in place
 * and re-pinned. A failed upgrade keeps the old pin and records the error.
 */
export async function upgradeDeployment(
  context: DeployContext,
  inputs: ResolutionInputs,
  record: DeploymentRecord,
  version: number,
): Promise<DeploymentRecord> {
  if (!record.everDeployed || !['deployed', 'failed'].includes(record.status)) {
    throw new NimbusError('deployment_not_upgradable', `${record.label} is ${record.status}; only a deployed component can be upgraded`, {
      status: record.status,
    });
  }
  if (version <= record.version) {
    throw new NimbusError(
      'upgrade_not_newer',
      `${record.label} is at ${record.component}@${record.version}; choose a newer version than ${version}`,
      { current: record.version, requested: version },
    );
  }
  const content = await context.content(record.component, version);
  const userValues = Object.fromEntries(
    Object.entries(record.values)
      .filter(([, v]) => v.source === 'user')
      .map(([key, v]) => [key, v.value]),
  );
  const wired = Object.fromEntries(Object.entries(record.values).filter(([, v]) => v.source === 'wire'));
  const params = {
    ...applyUpgradeStep(userValues, content.upgrade),
    ...Object.fromEntries(Object.entries(wired).map(([key, v]) => [key, v.value])),
  };
  const document: TopologyDocument = {
    schemaVersion: 1,
    nodes: [{ id: record.nodeId, label: record.label, component: `${record.component}@${version}`, position: { x: 0, y: 0 }, params }],
    wires: [],
  };
  const resolution = await context.store.unitOfWork((tx) =>
    resolveTopology({
      document,
      environment: { ...inputs.environment, mandatoryComponents: [] },
      components: inputs.components,
      resolvers: resolversWithin(context.resolvers, tx),
      mode: 'commit',
      owner: record.owner,
      previous: () => record.values,
      rehearse: (work) => context.store.rehearse(work),
      ...(inputs.governance ? { governance: inputs.governance } : {}),
    }),
  );
  const values: Record<string, ResolvedValue> = { ...resolution.nodes[0]!.values };
  for (const [key, value] of Object.entries(wired)) if (key in values) values[key] = value;
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: 'updating',
    message: `upgrading to ${record.component}@${version}`,
  });
  const { record: upgraded } = await deployComponent(context, record, values, version);
  context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'succeeded', outputs: upgraded.outputs });
  return upgraded;
}

/**
 * Topology deploy and destroy as gated actions: what their plans are (the hash binds approvals to
 * them) and how the approved action runs (the deploy service's own method, through the job queue).
 * The deploy service calls the gate with {@link topologyDeployGate} / {@link topologyDestroyGate}.
 */
import type { TopologyTarget } from '../api/schemas/deployments.js';
import type { Job } from '../api/schemas/jobs.js';
import { resolveTopology } from '../planning/resolve-topology.js';
import type { Services } from '../services.js';
import { expandStackNodes } from '../stacks/stack-nodes.js';
import type { StorePort } from '../store/ports/store-port.js';
import { resolutionEnvironmentOf } from '../landing-zones/bootstrap/environment-status.js';
import type { ApprovalPlan, ApprovalService, GateInput } from './approval-service.js';

/** The payload of a gated topology deploy: the target as the caller gave it. */
export interface TopologyDeployPayload {
  target: TopologyTarget;
}

/** The payload of a gated topology destroy. */
export interface TopologyDestroyPayload {
  environment: string;
  topology: string;
}

/** The gate input of deploying `target` (whose topology is called `name`). */
export function topologyDeployGate(target: TopologyTarget, name: string): GateInput<TopologyDeployPayload> {
  return { kind: 'topology.deploy', action: 'deploy', environment: target.environment, subject: name, payload: { target } };
}

/** The gate input of destroying `topology` in `environment`. */
export function topologyDestroyGate(environment: string, topology: string): GateInput<TopologyDestroyPayload> {
  return { kind: 'topology.destroy', action: 'destroy', environment, subject: topology, payload: { environment, topology } };
}

/** What registering the topology actions needs from the engine. */
export interface TopologyApprovalDeps {
  store: StorePort;
  services: Services;
  deploy: {
    deployTopology(target: TopologyTarget): Promise<Job>;
    destroyTopology(environment: string, topology: string): Promise<Job>;
  };
  jobs: { list(): Promise<Job[]> };
}

/** Registers `topology.deploy` and `topology.destroy` with the approval service. */
export function registerTopologyApprovals(approvals: ApprovalService, deps: TopologyApprovalDeps): void {
  approvals.registerAction<TopologyDeployPayload>('topology.deploy', {
    plan: ({ target }) => topologyDeployPlan(deps, target),
    run: ({ target }) => deps.deploy.deployTopology(target),
  });
  approvals.registerAction<TopologyDestroyPayload>('topology.destroy', {
    plan: ({ environment, topology }) => topologyDestroyPlan(deps, environment, topology),
    run: ({ environment, topology }) => deps.deploy.destroyTopology(environment, topology),
  });
}

/**
 * The plan of a deploy: the topology as it will deploy (stack nodes expanded) and every node's
 * resolved values, computed as the preview computes them (reserving nothing). Pulumi's preview of
 * the same topology is attached as the diff when a preview job of it succeeded.
 */
async function topologyDeployPlan(deps: TopologyApprovalDeps, target: TopologyTarget): Promise<ApprovalPlan> {
  const { store, services } = deps;
  const source = target.topologyId ? await store.topologies.get(target.topologyId) : { name: target.name!, document: target.document! };
  const { document } = expandStackNodes(source.document, (await services.catalog(source.document)).stackVersion);
  const environment = await services.landingZones.getEnvironment(target.environment);
  const existing = new Map((await store.deployments.live(environment.name, source.name)).map((record) => [record.nodeId, record]));
  const resolution = await resolveTopology({
    document,
    environment: await resolutionEnvironmentOf(store, environment),
    components: (await services.catalog(document)).lookup,
    resolvers: services.resolvers(),
    mode: 'preview',
    previous: (nodeId) => {
      const record = existing.get(nodeId);
      return record?.everDeployed ? record.values : undefined;
    },
    rehearse: (work) => store.rehearse(work),
    governance: { tenant: services.viewer.tenant, policy: await services.governance.get(services.viewer.tenant) },
  });
  const plan = {
    action: 'deploy',
    environment: environment.name,
    topology: source.name,
    document,
    nodes: resolution.nodes.map((node) => ({
      nodeId: node.nodeId,
      label: node.label,
      component: node.component,
      values: Object.fromEntries(Object.entries(node.values).map(([key, value]) => [key, { value: value.value, source: value.source }])),
    })),
    issues: resolution.issues,
  };
  return { plan, diff: await latestPreview(deps, `Preview ${source.name} in ${target.environment}`) };
}

/** The plan of a destroy: every live deployment of the topology in the environment, with its values. */
async function topologyDestroyPlan(deps: TopologyApprovalDeps, environment: string, topology: string): Promise<ApprovalPlan> {
  const live = await deps.store.deployments.live(environment, topology);
  return {
    plan: {
      action: 'destroy',
      environment,
      topology,
      deployments: live
        .map((record) => ({
          id: record.id,
          nodeId: record.nodeId,
          component: record.component,
          version: record.version,
          values: record.values,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    },
  };
}

/** The result of the newest succeeded preview job of that title (Pulumi's diff), or null. */
async function latestPreview(deps: TopologyApprovalDeps, title: string): Promise<unknown> {
  const job = (await deps.jobs.list()).find(
    (candidate) => candidate.kind === 'deploy.preview' && candidate.title === title && candidate.status === 'succeeded',
  );
  return job?.result ?? null;
}

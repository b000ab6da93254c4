import { randomUUID } from 'node:crypto';
import type { DeploymentRun, NodeOutcome } from '../api/schemas/deployments.js';
import type { WireError } from '../api/schemas/jobs.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { syncCmdbRelationships } from '../cmdb/cmdb-sync.js';
import { compileValidator } from '../components/json-schema.js';
import { NimbusError, toWireError } from '../errors.js';
import type { GovernancePolicy } from '../governance/policy.js';
import type { ComponentLookup } from '../planning/component-definition.js';
import {
  resolversWithin,
  resolveTopology,
  type LateInputs,
  type NodeResolution,
  type ResolutionEnvironment,
  type TopologyResolution,
} from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { deployComponent, destroyComponent, refreshComponent, releaseAllocations } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';
import { planDeploy, planDestroy } from './deploy-plan.js';
import { executeNodes } from './dependency-executor.js';
import { deploymentFingerprint } from './fingerprint.js';

/** What resolving a topology for deployment needs besides the store. */
export interface ResolutionInputs {
  environment: ResolutionEnvironment;
  components: ComponentLookup;
  governance?: { tenant: string; policy: GovernancePolicy };
  /** Inputs computed from upstream outputs when a node is about to deploy (a stack's transforms). */
  late?: LateInputs;
  /** Nodes to run `up` for even when their inputs did not change (a day-2 redeploy repairing drift). */
  force?: ReadonlySet<string>;
}

type RunNode = DeploymentRun['nodes'][number];

/** A node's run failed before or during Pulumi; carries the per-node report of the whole run. */
export class TopologyRunError extends NimbusError {
  override name = 'TopologyRunError';
  constructor(
    message: string,
    readonly jobResult: DeploymentRun,
  ) {
    super('topology_run_failed', message, {
      failed: jobResult.nodes.filter((node) => node.outcome === 'failed').map((node) => node.label),
    });
  }
}

/** A Pulumi stack name for a new deployment: readable, unique, within Pulumi's limits. */
export function stackNameFor(environment: string, topology: string, nodeId: string, id: string): string {
  const slug = (text: string, max: number) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, max) || 'x';
  return `${slug(environment, 24)}-${slug(topology, 24)}-${slug(nodeId, 24)}-${id.slice(0, 8)}`;
}

/** The deployment that owns each node of a resolved topology; new nodes get a pending record. */
interface CommittedPlan {
  resolution: TopologyResolution;
  records: Map<string, DeploymentRecord>;
  created: Set<string>;
  replaced: DeploymentRecord[];
}

/**
 * Resolves a topology in commit mode and records a pending deployment for every new node, in one
 * unit of work: if resolution fails, nothing is allocated and nothing is recorded.
 */
export async function commitTopology(
  context: DeployContext,
  inputs: ResolutionInputs,
  topology: string,
  document: TopologyDocument,
): Promise<CommittedPlan> {
  const repository = context.store.deployments;
  const environment = inputs.environment.name;
  const existing = new Map((await repository.live(environment, topology)).map((record) => [record.nodeId, record]));
  const replaced: DeploymentRecord[] = [];
  for (const node of document.nodes) {
    const record = existing.get(node.id);
    const name = node.component.split('@')[0];
    if (record && record.component !== name) {
      // Same node id, another component: the old deployment goes, the node is deployed anew.
      replaced.push(record);
      existing.delete(node.id);
    }
  }
  const newIds = new Map(document.nodes.filter((node) => !existing.has(node.id)).map((node) => [node.id, randomUUID()]));
  return context.store.unitOfWork(async (tx) => {
    const resolution = await resolveTopology({
      document,
      environment: inputs.environment,
      components: inputs.components,
      resolvers: resolversWithin(context.resolvers, tx),
      mode: 'commit',
      owner: (nodeId) => existing.get(nodeId)?.owner ?? `deployment:${newIds.get(nodeId)}`,
      previous: (nodeId) => {
        const record = existing.get(nodeId);
        // A deployment that still holds its allocations (deployed, or a rollback that failed) keeps them.
        return record && (record.everDeployed || record.error?.code === 'rollback_failed') ? record.values : undefined;
      },
      rehearse: (work) => context.store.rehearse(work),
      ...(inputs.governance ? { governance: inputs.governance } : {}),
      ...(inputs.late ? { late: inputs.late } : {}),
    });
    const records = new Map<string, DeploymentRecord>();
    const created = new Set<string>();
    const documentNodes = new Map(document.nodes.map((node) => [node.id, node]));
    for (const node of resolution.nodes) {
      const definition = inputs.components(documentNodes.get(node.nodeId)!.component);
      const record = existing.get(node.nodeId);
      if (record) {
        if (record.everDeployed)
          records.set(node.nodeId, record.label === node.label ? record : await tx.deployments.update(record.id, { label: node.label }));
        else records.set(node.nodeId, await tx.deployments.update(record.id, { label: node.label, values: node.values }));
        continue;
      }
      const id = newIds.get(node.nodeId)!;
      created.add(node.nodeId);
      records.set(
        node.nodeId,
        await tx.deployments.insert({
          id,
          environment,
          topology,
          nodeId: node.nodeId,
          label: node.label,
          component: definition.name,
          version: definition.version,
          provider: definition.provider,
          semanticType: definition.semanticType,
          stackName: stackNameFor(environment, topology, node.nodeId, id),
          owner: `deployment:${id}`,
          values: node.values,
        }),
      );
    }
    return { resolution, records, created, replaced };
  });
}

/** The concrete inputs of a node once its upstream nodes are deployed, checked against its contract. */
export function concreteValues(
  node: NodeResolution,
  document: TopologyDocument,
  upstream: (nodeId: string) => DeploymentRecord | undefined,
  inputSchema: Record<string, unknown>,
  late?: LateInputs,
): Record<string, ResolvedValue> {
  const values: Record<string, ResolvedValue> = { ...node.values };
  const lateDetails = late?.of(node.nodeId) ?? {};
  if (Object.keys(lateDetails).length > 0) {
    const computed = late!.evaluate(node.nodeId, (nodeId) => upstream(nodeId)?.outputs);
    for (const [key, detail] of Object.entries(lateDetails)) {
      const value = computed[key];
      if (value === '[secret]')
        throw new NimbusError(
          'wire_value_secret',
          `${node.label}.${key} reads a secret output; wiring secret outputs is not supported yet`,
          { input: key },
        );
      values[key] = { value: value ?? null, source: 'wire', detail: detail.replace(/ \(known after.*\)$/, '') };
    }
  }
  for (const wire of document.wires.filter((w) => w.target.node === node.nodeId)) {
    const source = upstream(wire.source.node);
    const label = document.nodes.find((n) => n.id === wire.source.node)?.label ?? wire.source.node;
    const value = source?.outputs[wire.source.port];
    if (value === undefined || value === null) {
      throw new NimbusError('wire_value_missing', `${label} has no output ${wire.source.port} to give ${node.label}.${wire.target.port}`, {
        wire: wire.id,
      });
    }
    if (value === '[secret]') {
      throw new NimbusError(
        'wire_value_secret',
        `${label}.${wire.source.port} is a secret output; wiring secret outputs is not supported yet`,
        { wire: wire.id },
      );
    }
    values[wire.target.port] = { value, source: 'wire', detail: `from ${label}.${wire.source.port}` };
  }
  const pending = Object.entries(values).filter(([, v]) => v.pending && v.value === null);
  if (pending.length > 0)
    throw new NimbusError('value_pending', `${node.label}: ${pending.map(([key]) => key).join(', ')} has no value yet`, {});
  const plain = Object.fromEntries(Object.entries(values).map(([key, v]) => [key, v.value]));
  const issues = compileValidator(inputSchema)(plain);
  if (issues.length > 0) {
    const first = issues[0]!;
    const where =
      first.missing !== undefined
        ? `${first.missing}: missing required parameter`
        : `${first.path.replace(/^\//, '').replaceAll('/', '.')}: ${first.message}`;
    throw new NimbusError('deploy_inputs_invalid', `${node.label}: ${where}`, { issues });
  }
  return values;
}

/** Outcomes after which a node's dependents may deploy. */
const DEPLOYED = new Set<string>(['created', 'updated', 'unchanged']);

function outcomeOf(nodes: Map<string, RunNode>, nodeId: string): NodeOutcome | undefined {
  return nodes.get(nodeId)?.outcome;
}

/**
 * Deploys a topology: resolves and records it, plans it (planDeploy), then runs the plan through the
 * dependency executor: each node starts as soon as the nodes it depends on deployed, up to the
 * context's node concurrency (Pulumi operations are bounded by the runner as well). Upstream outputs
 * feed downstream inputs; a failed node stops its dependents (reported skipped); after a cancel no
 * node starts; nodes whose inputs did not change are left alone; nodes removed from the topology are
 * destroyed last, dependents first.
 */
export async function deployTopology(
  context: DeployContext,
  inputs: ResolutionInputs,
  topology: string,
  document: TopologyDocument,
): Promise<DeploymentRun> {
  const repository = context.store.deployments;
  const environment = inputs.environment.name;
  const plan = await commitTopology(context, inputs, topology, document);
  const previousDocument = (await repository.topologyDocument(environment, topology)) as TopologyDocument | undefined;
  await repository.saveTopologyDocument(environment, topology, document);
  const results = new Map<string, RunNode>();
  const report = (
    record: DeploymentRecord | undefined,
    nodeId: string,
    label: string,
    outcome: NodeOutcome,
    error: WireError | null = null,
  ) => {
    results.set(nodeId, { nodeId, label, deploymentId: record?.id ?? null, outcome, error, outputs: record?.outputs ?? {} });
  };
  const documentNodes = new Map(document.nodes.map((node) => [node.id, node]));
  const total = document.nodes.length;
  // Counted as nodes finish: `results` holds only this document's nodes until removals run.
  let done = 0;
  const progress = (finished = true) => context.emit({ type: 'job.progress', done: finished ? ++done : done, total });
  for (const node of document.nodes) context.emit({ type: 'node.status', nodeId: node.id, label: node.label, status: 'waiting' });
  progress(false);

  // A node that changed component: its old deployment is destroyed before the new one is made.
  for (const old of plan.replaced) await destroyComponent(context, old);

  const steps = planDeploy(document, plan.resolution, inputs.late);
  const planned = new Map(steps.nodes.map((node) => [node.nodeId, node]));
  /** Every node's deployment as stored now: what a node's wired and late inputs read. */
  const currentRecords = async (): Promise<Map<string, DeploymentRecord>> => {
    const current = new Map<string, DeploymentRecord>();
    for (const [nodeId, record] of plan.records) current.set(nodeId, await repository.get(record.id));
    return current;
  };
  const resolutionOf = new Map(plan.resolution.nodes.map((node) => [node.nodeId, node]));

  const abandonNode = async (nodeId: string, outcome: 'skipped' | 'cancelled', message: string) => {
    const node = resolutionOf.get(nodeId)!;
    const record = plan.records.get(nodeId)!;
    if (!record.everDeployed) {
      await releaseAllocations(context, record.owner);
      if (plan.created.has(nodeId)) await repository.forgetPending(record.id);
      else await repository.update(record.id, { status: 'failed', error: { code: outcome, message, details: {} } });
    }
    context.emit({ type: 'node.status', nodeId, label: node.label, status: outcome, message });
    report(await repository.find(record.id), nodeId, node.label, outcome);
    progress();
  };
  // The executor reports nodes that do not run synchronously; their release is awaited before the run ends.
  const abandoning: Promise<void>[] = [];
  let abandonFailure: { error: unknown } | null = null;
  const abandon = (nodeId: string, outcome: 'skipped' | 'cancelled', message: string) => {
    abandoning.push(
      abandonNode(nodeId, outcome, message).catch((error: unknown) => {
        abandonFailure ??= { error };
      }),
    );
  };

  /** Deploys one node whose upstream nodes all deployed; resolves whether it did (its dependents may start). */
  const deployNode = async (nodeId: string): Promise<boolean> => {
    const node = resolutionOf.get(nodeId)!;
    const record = plan.records.get(nodeId)!;
    try {
      const definition = inputs.components(documentNodes.get(nodeId)!.component);
      const current = await currentRecords();
      const values = concreteValues(node, document, (upstream) => current.get(upstream), definition.inputSchema, inputs.late);
      const fingerprint = deploymentFingerprint(definition.name, definition.version, values);
      const latest = await repository.get(record.id);
      if (latest.everDeployed && latest.status === 'deployed' && latest.fingerprint === fingerprint && !inputs.force?.has(nodeId)) {
        context.emit({ type: 'node.status', nodeId, label: node.label, status: 'unchanged', outputs: latest.outputs });
        report(latest, nodeId, node.label, 'unchanged');
      } else {
        context.emit({ type: 'node.status', nodeId, label: node.label, status: latest.everDeployed ? 'updating' : 'deploying' });
        const done = await deployComponent(context, latest, values, definition.version);
        context.emit({ type: 'node.status', nodeId, label: node.label, status: 'succeeded', outputs: done.record.outputs });
        report(done.record, nodeId, node.label, done.outcome);
      }
      const step = planned.get(nodeId)!;
      await syncCmdbRelationships(context.store.cmdb, await repository.get(record.id), [
        ...step.wires.map((wire) => ({
          deploymentId: plan.records.get(wire.from.node)!.id,
          kind: 'wire' as const,
          detail: `${wire.from.output} → ${wire.input}`,
        })),
        ...step.declaredDependsOn.map((from) => ({
          deploymentId: plan.records.get(from)!.id,
          kind: 'depends_on' as const,
          detail: 'depends on',
        })),
      ]);
    } catch (error) {
      const wire = toWireError(error);
      const cancelled = context.signal.aborted;
      const latest = await repository.find(record.id);
      if (latest && !latest.everDeployed && latest.status === 'pending') {
        // Failed before Pulumi ran (inputs): nothing was created; give back what was allocated.
        await releaseAllocations(context, record.owner);
        await repository.update(record.id, { status: 'failed', error: wire });
      }
      context.emit({ type: 'node.status', nodeId, label: node.label, status: cancelled ? 'cancelled' : 'failed', message: wire.message });
      report(await repository.find(record.id), nodeId, node.label, cancelled ? 'cancelled' : 'failed', cancelled ? null : wire);
    }
    progress();
    return DEPLOYED.has(outcomeOf(results, nodeId) ?? '');
  };

  await executeNodes(
    {
      nodes: steps.nodes.map((node) => ({ id: node.nodeId, dependsOn: node.dependsOn })),
      signal: context.signal,
      ...(context.concurrency ? { concurrency: context.concurrency } : {}),
    },
    {
      run: deployNode,
      skip: (nodeId, blockedBy) =>
        abandon(
          nodeId,
          'skipped',
          `not deployed because ${blockedBy.map((id) => resolutionOf.get(id)?.label ?? id).join(', ')} did not deploy`,
        ),
      cancel: (nodeId) => abandon(nodeId, 'cancelled', 'the job was cancelled before this node started'),
    },
  );
  await Promise.all(abandoning);
  if (abandonFailure) throw (abandonFailure as { error: unknown }).error;

  // Nodes no longer in the topology: destroyed in reverse dependency order.
  const removed = (await repository.live(environment, topology)).filter((record) => !documentNodes.has(record.nodeId));
  if (removed.length > 0 && !context.signal.aborted) {
    const removal = await destroyRecords(context, removed, previousDocument);
    for (const node of removal) results.set(node.nodeId, node);
  }

  const run: DeploymentRun = {
    topology,
    environment,
    operation: 'deploy',
    succeeded: [...results.values()].every((node) => ['created', 'updated', 'unchanged', 'destroyed'].includes(node.outcome)),
    nodes: [...results.values()],
  };
  return finish(context, run, 'deploy');
}

function finish(context: DeployContext, run: DeploymentRun, verb: string): DeploymentRun {
  if (context.signal.aborted || run.succeeded) return run;
  const failed = run.nodes.filter((node) => node.outcome === 'failed');
  const first = failed[0];
  const message = first
    ? `${verb} of ${run.topology} failed on ${failed.length} node${failed.length === 1 ? '' : 's'}: ${first.label}: ${first.error?.message ?? 'failed'}`
    : `${verb} of ${run.topology} did not finish`;
  throw new TopologyRunError(message, run);
}

/**
 * Destroys deployments in reverse dependency order (by the document they were deployed from), each
 * as soon as everything that depends on it is gone; a deployment is kept when something that depends
 * on it could not be destroyed.
 */
async function destroyRecords(
  context: DeployContext,
  records: DeploymentRecord[],
  document: TopologyDocument | undefined,
): Promise<RunNode[]> {
  const order = planDestroy(
    records.map((record) => record.nodeId),
    document,
  );
  const byNode = new Map(records.map((record) => [record.nodeId, record]));
  const results = new Map<string, RunNode>();
  const report = (record: DeploymentRecord, outcome: NodeOutcome, error: WireError | null = null) =>
    results.set(record.nodeId, { nodeId: record.nodeId, label: record.label, deploymentId: record.id, outcome, error, outputs: {} });
  const keep = (nodeId: string, status: 'cancelled' | 'skipped', message: string) => {
    const record = byNode.get(nodeId)!;
    context.emit({ type: 'node.status', nodeId, label: record.label, status, message });
    report(record, status);
  };
  await executeNodes(
    { nodes: order.nodes, signal: context.signal, ...(context.concurrency ? { concurrency: context.concurrency } : {}) },
    {
      run: async (nodeId) => {
        const record = byNode.get(nodeId)!;
        context.emit({ type: 'node.status', nodeId, label: record.label, status: 'destroying' });
        try {
          if (record.status === 'pending' && !record.everDeployed) {
            await releaseAllocations(context, record.owner);
            await context.store.deployments.update(record.id, { status: 'destroyed' });
          } else {
            await destroyComponent(context, await context.store.deployments.get(record.id));
          }
          context.emit({ type: 'node.status', nodeId, label: record.label, status: 'succeeded' });
          report(record, 'destroyed');
          return true;
        } catch (error) {
          const wire = toWireError(error);
          context.emit({
            type: 'node.status',
            nodeId,
            label: record.label,
            status: context.signal.aborted ? 'cancelled' : 'failed',
            message: wire.message,
          });
          report(record, context.signal.aborted ? 'cancelled' : 'failed', wire);
          return false;
        }
      },
      skip: (nodeId, keptBy) =>
        keep(nodeId, 'skipped', `kept because ${keptBy.map((id) => byNode.get(id)!.label).join(', ')} still depends on it`),
      cancel: (nodeId) => keep(nodeId, 'cancelled', 'the job was cancelled'),
    },
  );
  return [...results.values()];
}

/** Destroys every deployment of a topology in an environment, dependents first, and forgets the topology when all are gone. */
export async function destroyTopology(context: DeployContext, environment: string, topology: string): Promise<DeploymentRun> {
  const repository = context.store.deployments;
  const records = await repository.live(environment, topology);
  const document = (await repository.topologyDocument(environment, topology)) as TopologyDocument | undefined;
  if (records.length === 0 && document === undefined) {
    throw new NimbusError('not_found', `Nothing of topology ${topology} is deployed in environment ${environment}`, {
      environment,
      topology,
    });
  }
  context.emit({ type: 'job.progress', done: 0, total: records.length });
  for (const record of records) context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'waiting' });
  const nodes = await destroyRecords(context, records, document);
  context.emit({ type: 'job.progress', done: nodes.length, total: records.length });
  const run: DeploymentRun = {
    topology,
    environment,
    operation: 'destroy',
    succeeded: nodes.every((node) => node.outcome === 'destroyed'),
    nodes,
  };
  if (run.succeeded) await repository.forgetTopology(environment, topology);
  return finish(context, run, 'destroy');
}

/** Refreshes every deployment of a topology from the real objects. */
export async function refreshTopology(context: DeployContext, environment: string, topology: string): Promise<DeploymentRun> {
  const repository = context.store.deployments;
  const records = (await repository.live(environment, topology)).filter((record) => record.everDeployed);
  if (records.length === 0)
    throw new NimbusError('not_found', `Nothing of topology ${topology} is deployed in environment ${environment}`, {
      environment,
      topology,
    });
  let done = 0;
  const nodes = await Promise.all(
    records.map(async (record): Promise<RunNode> => {
      context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'refreshing' });
      try {
        const refreshed = await refreshComponent(context, record);
        context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'succeeded', outputs: refreshed.outputs });
        return {
          nodeId: record.nodeId,
          label: record.label,
          deploymentId: record.id,
          outcome: 'refreshed',
          error: null,
          outputs: refreshed.outputs,
        };
      } catch (error) {
        const wire = toWireError(error);
        context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'failed', message: wire.message });
        return {
          nodeId: record.nodeId,
          label: record.label,
          deploymentId: record.id,
          outcome: context.signal.aborted ? 'cancelled' : 'failed',
          error: wire,
          outputs: {},
        };
      } finally {
        context.emit({ type: 'job.progress', done: ++done, total: records.length });
      }
    }),
  );
  return finish(
    context,
    { topology, environment, operation: 'refresh', succeeded: nodes.every((node) => node.outcome === 'refreshed'), nodes },
    'refresh',
  );
}

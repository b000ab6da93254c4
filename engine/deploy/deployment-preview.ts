import { randomUUID } from 'node:crypto';
import type { DeploymentPlan, NodeAction, NodePlan } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { resolveTopology } from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { journaled } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';
import { changedValues, deploymentFingerprint } from './fingerprint.js';
import { toStackConfig } from './stack-config.js';
import type { ResolutionInputs } from './topology-deployer.js';
import { prepareWorkDir, removeWorkDir } from './work-dir.js';
import { logFailure } from '../logging/logger.js';
import { NimbusError, toWireError } from '../errors.js';
import type { ErrorCode } from '../common/error-codes.js';

/** One node whose Pulumi preview failed, with the classified code of its failure. */
interface PreviewFailure {
  nodeId: string;
  label: string;
  code: ErrorCode;
  message: string;
}

/**
 * A preview in which Pulumi failed for at least one node. Its code is the first failure's own
 * (`cloud_account_missing`, a classified Pulumi failure) so the job reads as what went wrong, or
 * `preview_failed` when that was unclassified; `details.failures` lists every node.
 */
export class PreviewFailedError extends NimbusError {
  override name = 'PreviewFailedError';
}

function previewFailed(topology: string, environment: string, failures: PreviewFailure[]): PreviewFailedError {
  const first = failures[0]!;
  const code: ErrorCode = first.code === 'internal' ? 'preview_failed' : first.code;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more node${failures.length > 2 ? 's' : ''})` : '';
  return new PreviewFailedError(code, `Preview of ${topology} in ${environment} failed for ${first.label}: ${first.message}${more}`, {
    topology,
    environment,
    failures,
  });
}

interface Draft {
  plan: NodePlan;
  values: Record<string, ResolvedValue> | null;
  record: DeploymentRecord | undefined;
  version: number;
  provider: string;
}

/**
 * What deploying a topology would do, node by node, before anything runs: the resolution (reserving
 * nothing), the action per node (create, update with the parameters that change, unchanged, delete)
 * and Pulumi's own preview for every node whose inputs are all known now. A node fed by a node that
 * is not deployed yet is previewed once that one exists; the plan says so.
 */
export async function previewTopology(
  context: DeployContext,
  inputs: ResolutionInputs,
  topology: string,
  document: TopologyDocument,
): Promise<DeploymentPlan> {
  const environment = inputs.environment.name;
  const existing = new Map((await context.store.deployments.live(environment, topology)).map((record) => [record.nodeId, record]));
  const resolution = await resolveTopology({
    document,
    environment: inputs.environment,
    components: inputs.components,
    resolvers: context.resolvers,
    mode: 'preview',
    previous: (nodeId) => {
      const record = existing.get(nodeId);
      return record?.everDeployed ? record.values : undefined;
    },
    rehearse: (work) => context.store.rehearse(work),
    ...(inputs.governance ? { governance: inputs.governance } : {}),
    ...(inputs.late ? { late: inputs.late } : {}),
  });
  const drafts = new Map<string, Draft>();

  for (const group of resolution.groups) {
    for (const nodeId of group) {
      const node = resolution.nodes.find((n) => n.nodeId === nodeId)!;
      const documentNode = document.nodes.find((n) => n.id === nodeId)!;
      let record = existing.get(nodeId);
      let note: string | null = null;
      let definition;
      try {
        definition = inputs.components(documentNode.component);
      } catch (error) {
        drafts.set(nodeId, {
          plan: nodePlan(node.nodeId, node.label, documentNode.component, 'create', null, [], (error as Error).message),
          values: null,
          record: undefined,
          version: 0,
          provider: '',
        });
        continue;
      }
      if (record && record.component !== definition.name) {
        note = `replaces the deployed ${record.component}@${record.version}`;
        record = undefined;
      }
      // Wired inputs: today's outputs of the upstream deployment, when it has them.
      const values: Record<string, ResolvedValue> = { ...node.values };
      const waiting: string[] = [];
      for (const wire of document.wires.filter((w) => w.target.node === nodeId)) {
        const upstream = drafts.get(wire.source.node);
        const output =
          upstream?.record?.everDeployed && upstream.plan.action !== 'create' ? upstream.record.outputs[wire.source.port] : undefined;
        if (output === undefined || output === null) {
          waiting.push(upstream?.plan.label ?? wire.source.node);
          continue;
        }
        values[wire.target.port] = { value: output, source: 'wire', detail: `from ${upstream!.plan.label}.${wire.source.port}` };
        if (upstream!.plan.action === 'update') note ??= `assumes ${upstream!.plan.label} keeps its outputs`;
      }
      const known = waiting.length === 0 && Object.values(values).every((value) => !value.pending);
      let action: NodeAction;
      let changes: NodePlan['changes'];
      if (!record || !record.everDeployed) {
        action = 'create';
        changes = Object.entries(values).map(([name, value]) =>
          value.pending ? { name, from: null, to: null, pending: true } : { name, from: null, to: value.value },
        );
      } else {
        changes = changedValues(record.values, values).filter(
          (change) => !(values[change.name]?.pending || (waiting.length > 0 && values[change.name]?.source === 'wire')),
        );
        const sameVersion = record.version === definition.version;
        action =
          known &&
          sameVersion &&
          record.status === 'deployed' &&
          deploymentFingerprint(definition.name, definition.version, values) === record.fingerprint
            ? 'unchanged'
            : changes.length > 0 || !sameVersion || waiting.length > 0 || record.status !== 'deployed'
              ? 'update'
              : 'unchanged';
        if (!sameVersion) note = `upgrades from version ${record.version} to ${definition.version}`;
        if (record.status !== 'deployed') note ??= `its last operation ended ${record.status}; deploying converges it`;
      }
      if (waiting.length > 0)
        note = `${note ? `${note}; ` : ''}inputs from ${[...new Set(waiting)].join(', ')} are known after ${waiting.length === 1 ? 'it deploys' : 'they deploy'}`;
      if (node.status === 'invalid') note = `cannot deploy: ${node.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`;
      drafts.set(nodeId, {
        plan: nodePlan(nodeId, node.label, `${definition.name}@${definition.version}`, action, record?.id ?? null, changes, note),
        values: known && node.status === 'valid' ? values : null,
        record,
        version: definition.version,
        provider: definition.provider,
      });
    }
  }

  const previewable = resolution.valid
    ? [...drafts.values()].filter((draft) => draft.values && (draft.plan.action === 'create' || draft.plan.action === 'update'))
    : [];
  let done = 0;
  const failures: PreviewFailure[] = [];
  const progress = () => context.emit({ type: 'job.progress', done, total: previewable.length });
  for (const draft of drafts.values()) {
    const waiting = previewable.includes(draft);
    context.emit({
      type: 'node.status',
      nodeId: draft.plan.nodeId,
      label: draft.plan.label,
      status: waiting ? 'waiting' : 'succeeded',
      message: waiting ? 'Pulumi preview queued' : `${draft.plan.action}${draft.plan.note ? ` — ${draft.plan.note}` : ''}`,
    });
  }
  progress();
  await Promise.all(
    previewable.map(async (draft) => {
      const { nodeId, label } = draft.plan;
      context.emit({ type: 'node.status', nodeId, label, status: 'previewing' });
      try {
        const result = await pulumiPreview(context, draft, document.nodes.find((n) => n.id === nodeId)!.component, environment);
        draft.plan.pulumi = {
          steps: result.steps.map((step) => ({ urn: step.urn, type: step.type, op: step.op, diffs: step.diffs })),
          changes: result.changes,
        };
        context.emit({ type: 'node.status', nodeId, label, status: 'succeeded', message: draft.plan.action });
      } catch (error) {
        if (context.signal.aborted) throw error;
        const wire = toWireError(error);
        failures.push({ nodeId, label, code: wire.code, message: wire.message });
        draft.plan.note = `Pulumi preview failed: ${wire.message}`;
        context.emit({ type: 'node.status', nodeId, label, status: 'failed', message: draft.plan.note });
      } finally {
        done += 1;
        progress();
      }
    }),
  );

  const deletes = [...existing.values()]
    .filter(
      (record) => !document.nodes.some((node) => node.id === record.nodeId) || drafts.get(record.nodeId)?.plan.note?.startsWith('replaces'),
    )
    .map((record) =>
      nodePlan(
        record.nodeId,
        record.label,
        `${record.component}@${record.version}`,
        'delete',
        record.id,
        [],
        'removed from the topology: destroyed, with its allocations released',
      ),
    );
  const nodes = [...document.nodes.map((node) => drafts.get(node.id)!.plan), ...deletes];
  const summary = { create: 0, update: 0, unchanged: 0, delete: 0 } satisfies Record<NodeAction, number>;
  for (const node of nodes) summary[node.action] += 1;
  // A preview that could not run for a node did not succeed: the job fails, classified by the first failure.
  if (failures.length > 0) throw previewFailed(topology, environment, failures);
  return { topology, environment, resolution, nodes, summary };
}

function nodePlan(
  nodeId: string,
  label: string,
  component: string,
  action: NodeAction,
  deploymentId: string | null,
  changes: NodePlan['changes'],
  note: string | null,
): NodePlan {
  return { nodeId, label, component, action, deploymentId, changes, pulumi: null, note };
}

/** Pulumi's preview of one node: on its own stack when it is deployed, else on a throw-away stack. */
async function pulumiPreview(context: DeployContext, draft: Draft, ref: string, environment: string) {
  const values = draft.values!;
  if (draft.record?.everDeployed) return journaled(context, draft.record, 'preview', { values, version: draft.version });
  const [name] = ref.split('@') as [string];
  const content = await context.content(name, draft.version);
  const key = `preview-${randomUUID()}`;
  const workDir = prepareWorkDir(context.workRoot, key, {
    component: name,
    version: draft.version,
    code: content.code,
    inputSchema: content.inputSchema,
    secretInputs: content.secretInputs,
  });
  const stack = { workDir, stackName: key.slice(0, 40) };
  try {
    const config = await toStackConfig(values, {
      secretInputs: content.secretInputs,
      reveal: (reference) => context.resolvers.secrets.reveal(reference),
      extra: draft.provider === 'local' ? { localRoot: context.localRoot(environment) } : {},
    });
    if (context.providerConfig) Object.assign(config, await context.providerConfig(environment, draft.provider));
    return await context.runner.run(stack, 'preview', {
      config,
      signal: context.signal,
      onEvent: (event) => context.emit({ ...event, nodeId: draft.plan.nodeId }),
    });
  } finally {
    // The preview's answer stands; a scratch stack left behind is worth a line in the log, not a failure.
    await context.runner.remove(stack).catch((error: unknown) =>
      logFailure(context.logger, 'warn', `Removing the preview stack ${stack.stackName} failed`, error, {
        deploymentId: draft.record?.id,
      }),
    );
    removeWorkDir(context.workRoot, key);
  }
}

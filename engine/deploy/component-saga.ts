import type { DriftEntry } from '../api/schemas/deployments.js';
import { syncCmdbItem } from '../cmdb/cmdb-sync.js';
import { NimbusError, toWireError } from '../errors.js';
import { releaseAll, resolversWithin } from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { OperationResult, StackOperation } from '../pulumi/automation-adapter.js';
import { driftOf } from '../pulumi/step-records.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import type { DeployContext } from './deploy-context.js';
import { deploymentFingerprint } from './fingerprint.js';
import { toStackConfig } from './stack-config.js';
import { prepareWorkDir, removeWorkDir } from './work-dir.js';

/** A deployment failed; `details.deploymentId` names it, the message says what Pulumi reported. */
export class DeploymentError extends NimbusError {
  override name = 'DeploymentError';
}

/** Releases every address, name and secret held by a deployment, in one unit of work: all or none. */
export async function releaseAllocations(context: Pick<DeployContext, 'store' | 'resolvers'>, owner: string): Promise<void> {
  await context.store.unitOfWork((tx) => releaseAll(resolversWithin(context.resolvers, tx), [owner]));
}

/** Where a deployment's program runs, written fresh from its pinned version. */
export async function stackRefOf(context: Pick<DeployContext, 'workRoot' | 'content'>, record: DeploymentRecord, version = record.version) {
  const content = await context.content(record.component, version);
  const workDir = prepareWorkDir(context.workRoot, record.id, {
    component: record.component,
    version,
    code: content.code,
    inputSchema: content.inputSchema,
    secretInputs: content.secretInputs,
  });
  return { workDir, stackName: record.stackName, content };
}

/**
 * Runs one Pulumi operation for a deployment with a journal row written before it starts, so a crash
 * in the middle leaves a record of what was under way for the next start to reconcile: the row is
 * committed (awaited) before Pulumi is called, and its outcome written once Pulumi returned.
 */
export async function journaled(
  context: DeployContext,
  record: DeploymentRecord,
  operation: StackOperation,
  options: { values?: Record<string, ResolvedValue>; version?: number; clearPendingCreates?: boolean; refresh?: boolean } = {},
): Promise<OperationResult> {
  const { workDir, stackName, content } = await stackRefOf(context, record, options.version);
  const config = options.values
    ? await toStackConfig(options.values, {
        secretInputs: content.secretInputs,
        reveal: (reference) => context.resolvers.secrets.reveal(reference),
        extra: record.provider === 'local' ? { localRoot: context.localRoot(record.environment) } : {},
      })
    : undefined;
  // The provider's connection (a cloud account) is added last, so no component value can stand in for it.
  if (config && context.providerConfig) Object.assign(config, await context.providerConfig(record.environment, record.provider));
  const journal = await context.store.journal.openJournal(record.id, operation, context.jobId);
  try {
    const result = await context.runner.run({ workDir, stackName }, operation, {
      ...(config ? { config } : {}),
      signal: context.signal,
      onEvent: (event) => context.emit({ ...event, nodeId: record.nodeId }),
      ...(options.clearPendingCreates ? { clearPendingCreates: true } : {}),
      ...(options.refresh ? { refresh: true } : {}),
    });
    await context.store.journal.closeJournal(journal, 'succeeded');
    return result;
  } catch (error) {
    await context.store.journal.closeJournal(
      journal,
      context.signal.aborted ? 'cancelled' : `failed: ${(error as Error).message}`.slice(0, 500),
    );
    throw error;
  }
}

/** The URN of the component's main resource: the first one the program declares. */
function mainUrn(result: OperationResult): string | null {
  return result.steps[0]?.urn ?? null;
}

/**
 * The deploy saga of one component: up → CMDB sync → record. When a first deploy fails (or is
 * cancelled) everything it created is destroyed and its allocations are released, so a failure leaves
 * nothing behind; a failed update keeps what was deployed before and records the error. With
 * `refresh` the real objects are read first, so ones that drifted are put back as declared.
 */
export async function deployComponent(
  context: DeployContext,
  record: DeploymentRecord,
  values: Record<string, ResolvedValue>,
  version: number,
  options: { refresh?: boolean } = {},
): Promise<{ record: DeploymentRecord; outcome: 'created' | 'updated' }> {
  const repository = context.store.deployments;
  const firstDeploy = !record.everDeployed;
  const upgrading = version !== record.version;
  await repository.update(record.id, { status: upgrading && !firstDeploy ? 'upgrading' : 'deploying', error: null });
  try {
    const result = await journaled(context, record, 'up', { values, version, ...(options.refresh ? { refresh: true } : {}) });
    // The record and its configuration item change together.
    const deployed = await context.store.unitOfWork(async (tx) => {
      const updated = await tx.deployments.update(record.id, {
        status: 'deployed',
        values,
        version,
        outputs: result.outputs,
        fingerprint: deploymentFingerprint(record.component, version, values),
        everDeployed: true,
        deployedAt: new Date().toISOString(),
        error: null,
      });
      await syncCmdbItem(tx.cmdb, updated, result.outputs, mainUrn(result));
      return updated;
    });
    return { record: deployed, outcome: firstDeploy ? 'created' : 'updated' };
  } catch (error) {
    const wire = toWireError(error);
    if (firstDeploy) {
      context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'rolling-back', message: wire.message });
      await compensate(context, record, wire.message);
    } else {
      await repository.update(record.id, { status: 'failed', error: wire });
    }
    throw error;
  }
}

/**
 * Undoes a first deploy that did not finish: destroys what Pulumi created, removes the stack, releases
 * the allocations and records the failure. Runs even when the job was cancelled (that is its point).
 */
export async function compensate(context: DeployContext, record: DeploymentRecord, reason: string): Promise<void> {
  const repository = context.store.deployments;
  const unstoppable = { ...context, signal: new AbortController().signal };
  let leftover: string | null = null;
  try {
    const ref = await stackRefOf(context, record);
    if (await context.runner.exists(ref)) {
      await journaled(unstoppable, record, 'destroy');
      await context.runner.remove(ref);
    }
  } catch (error) {
    // Without a CLI nothing can have been created, so there is nothing to undo but the allocations.
    if (!(error instanceof NimbusError && error.code === 'pulumi_cli_missing')) leftover = (error as Error).message;
  }
  if (leftover) {
    // What was created could not be removed: keep the allocations with it and say so.
    await repository.update(record.id, {
      status: 'failed',
      error: { code: 'rollback_failed', message: `${reason}; rolling back failed too: ${leftover}`, details: {} },
    });
    return;
  }
  await releaseAllocations(context, record.owner);
  await context.store.cmdb.decommission(record.id);
  removeWorkDir(context.workRoot, record.id);
  await repository.update(record.id, {
    status: 'failed',
    outputs: {},
    error: { code: 'deploy_failed', message: `${reason} (rolled back: nothing was left deployed)`, details: {} },
  });
}

/** Destroy saga: destroy → release allocations → CMDB decommission → record. */
export async function destroyComponent(context: DeployContext, record: DeploymentRecord): Promise<DeploymentRecord> {
  const repository = context.store.deployments;
  await repository.update(record.id, { status: 'destroying', error: null });
  try {
    const ref = await stackRefOf(context, record);
    if (await context.runner.exists(ref)) {
      await journaled(context, record, 'destroy');
      await context.runner.remove(ref);
    }
  } catch (error) {
    await repository.update(record.id, { status: 'failed', error: toWireError(error) });
    throw error;
  }
  await releaseAllocations(context, record.owner);
  await context.store.cmdb.decommission(record.id);
  removeWorkDir(context.workRoot, record.id);
  return repository.update(record.id, { status: 'destroyed', outputs: {}, error: null });
}

/** Refreshes Pulumi's state of a deployment from the real objects and records the outputs it now has. */
export async function refreshComponent(context: DeployContext, record: DeploymentRecord): Promise<DeploymentRecord> {
  await journaled(context, record, 'refresh');
  const outputs = await context.runner.outputs(await stackRefOf(context, record));
  return context.store.unitOfWork(async (tx) => {
    const refreshed = await tx.deployments.update(record.id, { outputs });
    await syncCmdbItem(tx.cmdb, refreshed, outputs, null);
    return refreshed;
  });
}

/**
 * Compares a deployment with the real objects (a refresh preview, which changes nothing) and records
 * the drift; `resolution` marks a check that follows a repair or accept.
 */
export async function checkDrift(
  context: DeployContext,
  record: DeploymentRecord,
  resolution?: { change: 'repaired' | 'accepted'; note: string },
): Promise<DriftEntry[]> {
  const result = await journaled(context, record, 'drift');
  const entries = driftOf(result);
  await context.store.drift.recordDrift(record.id, context.jobId, entries, resolution);
  return entries;
}

import type { DeploymentRecord, OpenJournalEntry } from '../store/ports/deployment-records.js';
import { toWireError } from '../errors.js';
import { processesWithArgument, processesWorkingIn, stopProcesses } from '../system/orphan-processes.js';
import { compensate, destroyComponent, journaled, releaseAllocations, stackRefOf } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';

/** What recovery did for one deployment, for the job log and the tests. */
export interface ReconciledDeployment {
  deploymentId: string;
  label: string;
  interrupted: string[];
  pendingOperations: number;
  action: 'rolled-back' | 'refreshed' | 'destroyed' | 'released' | 'unlocked' | 'failed';
  status: DeploymentRecord['status'] | 'forgotten';
  message: string;
}

export interface ReconcileReport {
  deployments: ReconciledDeployment[];
  releasedOwners: string[];
  brokenLocks: string[];
}

/**
 * Tells whether the process and job that wrote a journal row or took a lock are still at work (on
 * the shared server, whether the job's worker still holds it: process ids say nothing across hosts).
 */
export type HolderCheck = (pid: number, jobId: string | null) => Promise<boolean>;

/** The items whose holder is no longer at work. */
async function deadOf<T extends { pid: number; jobId: string | null }>(items: T[], alive: HolderCheck): Promise<T[]> {
  const dead: T[] = [];
  for (const item of items) if (!(await alive(item.pid, item.jobId))) dead.push(item);
  return dead;
}

/** Whether anything is left over from an engine that stopped in the middle of work. */
export async function needsReconcile(context: Pick<DeployContext, 'store'>, alive: HolderCheck): Promise<boolean> {
  const { journal, deployments } = context.store;
  return (
    (await deadOf(await journal.unfinishedJournal(), alive)).length > 0 ||
    (await deadOf(await journal.locks(), alive)).length > 0 ||
    (await deadOwners(context, alive)).length > 0 ||
    (await deployments.list()).some((record) => ['pending', 'deploying', 'upgrading', 'destroying'].includes(record.status))
  );
}

/** Error codes of a failed first deploy that may have left objects behind: its allocations stay with them. */
const KEEPS_ALLOCATIONS = new Set(['rollback_failed', 'recovery_failed']);

/**
 * Owners whose allocations recovery may release: only those it can prove belong to a dead deployment
 * — a deployment record with exactly this owner that was destroyed, or whose first deploy failed and
 * was rolled back — in an environment no live process is deploying to. An owner naming no deployment
 * (an allocation made by hand as `deployment:foo`) proves nothing and is left alone, and so are the
 * allocations of a deployment that is deployed, under way, or whose rollback could not finish.
 */
async function deadOwners(context: Pick<DeployContext, 'store'>, alive: HolderCheck): Promise<string[]> {
  const repository = context.store.deployments;
  const busy = await liveLockedEnvironments(context, alive);
  const dead: string[] = [];
  for (const owner of await repository.allocationOwners()) {
    const record = await repository.find(owner.slice('deployment:'.length));
    if (!record || record.owner !== owner || busy.has(record.environment)) continue;
    if (
      record.status === 'destroyed' ||
      (record.status === 'failed' && !record.everDeployed && !KEEPS_ALLOCATIONS.has(record.error?.code ?? ''))
    )
      dead.push(owner);
  }
  return dead;
}

/** Environments a live process holds the deploy lock of: recovery leaves them alone. */
async function liveLockedEnvironments(context: Pick<DeployContext, 'store'>, alive: HolderCheck): Promise<Set<string>> {
  const locks = await context.store.journal.locks();
  const dead = new Set(await deadOf(locks, alive));
  return new Set(locks.filter((lock) => !dead.has(lock)).map((lock) => lock.environment));
}

/**
 * Crash recovery, run when an engine starts: for every Pulumi operation the journal shows as
 * unfinished by a process that is gone, stop what that process left running, clear the stale lock,
 * clear pending operations with a refresh and set the record to what is now true — a first deploy
 * is rolled back (destroyed, allocations released), an interrupted update is refreshed and marked
 * failed, an interrupted destroy is finished. Then allocations that provably belong to a dead
 * deployment are released (see {@link deadOwners}) and locks of dead processes are broken. Environments locked by a live process are left alone.
 */
export async function reconcile(context: DeployContext, alive: HolderCheck): Promise<ReconcileReport> {
  const repository = context.store.deployments;
  const liveLocks = await liveLockedEnvironments(context, alive);
  const open = await deadOf(await context.store.journal.unfinishedJournal(), alive);
  const byDeployment = new Map<string, OpenJournalEntry[]>();
  for (const entry of open) byDeployment.set(entry.deploymentId, [...(byDeployment.get(entry.deploymentId) ?? []), entry]);
  const report: ReconcileReport = { deployments: [], releasedOwners: [], brokenLocks: [] };

  for (const [deploymentId, entries] of byDeployment) {
    const record = await repository.get(deploymentId);
    if (liveLocks.has(record.environment)) continue;
    context.emit({
      type: 'job.log',
      level: 'info',
      message: `Recovering ${record.label} (${entries.map((e) => e.operation).join(', ')} was interrupted)`,
      nodeId: record.nodeId,
    });
    const result = await recoverDeployment(context, record, entries);
    for (const entry of entries) await context.store.journal.closeJournal(entry.id, `interrupted; recovered: ${result.action}`);
    report.deployments.push(result);
    context.emit({
      type: 'job.log',
      level: result.action === 'failed' ? 'error' : 'info',
      message: `${record.label}: ${result.message}`,
      nodeId: record.nodeId,
    });
  }

  // Records left mid-way without an open journal row (stopped between two writes), and pending
  // records of a deploy that never reached them.
  for (const record of await repository.list()) {
    if (liveLocks.has(record.environment) || !['pending', 'deploying', 'upgrading', 'destroying'].includes(record.status)) continue;
    if (report.deployments.some((done) => done.deploymentId === record.id)) continue;
    if (record.status === 'pending') {
      await releaseAllocations(context, record.owner);
      await repository.forgetPending(record.id);
      if (await repository.find(record.id))
        await repository.update(record.id, {
          status: 'failed',
          error: { code: 'interrupted', message: 'The deploy stopped before this component started', details: {} },
        });
      report.deployments.push({
        deploymentId: record.id,
        label: record.label,
        interrupted: [],
        pendingOperations: 0,
        action: 'released',
        status: (await repository.find(record.id))?.status ?? 'forgotten',
        message: 'never started; its allocations were released',
      });
    } else {
      const entries: OpenJournalEntry[] = [
        {
          id: -1,
          deploymentId: record.id,
          jobId: null,
          operation: record.status === 'destroying' ? 'destroy' : 'up',
          pid: 0,
          startedAt: record.updatedAt,
        },
      ];
      report.deployments.push(await recoverDeployment(context, record, entries));
    }
  }

  for (const owner of await deadOwners(context, alive)) {
    await releaseAllocations(context, owner);
    report.releasedOwners.push(owner);
  }
  for (const lock of await deadOf(await context.store.journal.locks(), alive)) {
    await context.store.journal.breakLock(lock.environment);
    report.brokenLocks.push(lock.environment);
  }
  return report;
}

async function recoverDeployment(
  context: DeployContext,
  record: DeploymentRecord,
  entries: OpenJournalEntry[],
): Promise<ReconciledDeployment> {
  const repository = context.store.deployments;
  const operations = entries.map((entry) => entry.operation);
  const base = { deploymentId: record.id, label: record.label, interrupted: operations };
  let pendingOperations = 0;
  try {
    // The stack's own files are written again from the pinned version: a deleted work dir is no obstacle.
    const ref = await stackRefOf(context, record);
    // A killed engine's Pulumi CLI may still run, and even when it is gone its language host and
    // provider plugins can go on creating: stop them all before looking at the state.
    await stopProcesses(processesWithArgument('--stack', record.stackName));
    await stopProcesses(processesWorkingIn(ref.workDir), 5_000);
    const exists = await context.runner.exists(ref);
    if (exists) {
      await context.runner.cancel(ref);
      pendingOperations = (await context.runner.exportState(ref)).pendingOperations.length;
    }
    const changing = operations.some((op) => op === 'up' || op === 'destroy');
    if (!changing) {
      return {
        ...base,
        pendingOperations,
        action: 'unlocked',
        status: record.status,
        message: 'the stack lock was cleared; nothing had changed',
      };
    }
    if (exists) {
      const adopted = await context.runner.adoptPendingCreates(ref);
      if (adopted.length > 0)
        context.emit({
          type: 'job.log',
          level: 'info',
          message: `${record.label}: ${adopted.length} create(s) were under way; reading what they made`,
          nodeId: record.nodeId,
        });
      await journaled(context, record, 'refresh', { clearPendingCreates: true });
    }
    if (operations.includes('destroy') || record.status === 'destroying') {
      const destroyed = await destroyComponent(context, await repository.get(record.id));
      return {
        ...base,
        pendingOperations,
        action: 'destroyed',
        status: destroyed.status,
        message: 'the interrupted destroy was finished and its allocations released',
      };
    }
    if (!record.everDeployed) {
      await compensate(context, await repository.get(record.id), 'The engine stopped during the first deploy');
      const after = await repository.get(record.id);
      return {
        ...base,
        pendingOperations,
        action: after.error?.code === 'rollback_failed' ? 'failed' : 'rolled-back',
        status: after.status,
        message: after.error?.message ?? 'rolled back',
      };
    }
    const outputs = exists ? await context.runner.outputs(ref) : {};
    const after = await repository.update(record.id, {
      status: 'failed',
      outputs,
      error: {
        code: 'interrupted',
        message: 'The engine stopped during an update; the state was refreshed from the real objects. Deploy again to finish it.',
        details: {},
      },
    });
    return {
      ...base,
      pendingOperations,
      action: 'refreshed',
      status: after.status,
      message: 'refreshed from the real objects; deploy again to finish the update',
    };
  } catch (error) {
    const wire = toWireError(error);
    const after = await repository.update(record.id, {
      status: 'failed',
      error: {
        code: 'recovery_failed',
        message: `Recovery after an interrupted ${operations.join('/')} failed: ${wire.message}`,
        details: {},
      },
    });
    return { ...base, pendingOperations, action: 'failed', status: after.status, message: wire.message };
  }
}

/**
 * Where the engine's events become notifications: finished deploy jobs (`deploy.succeeded` /
 * `deploy.failed`), drift checks that found drift (`drift.found`), and the functions other modules
 * call for what they know about — stack instances changing state and approvals.
 */
import { currentTenantScope, ENGINE_WORK_TENANT, runAsTenantWork } from '../context/tenant-scope.js';
import type { JobManager } from '../jobs/job-manager.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { NotificationEvent, NotificationService } from './notification-service.js';

/** Job kinds that change what is deployed: their outcome is a `deploy.succeeded` or `deploy.failed` notification. */
export const DEPLOY_JOB_KINDS: ReadonlySet<string> = new Set([
  'deploy.topology',
  'deploy.destroy',
  'deploy.upgrade',
  'deploy.repair',
  'deploy.accept',
]);

/**
 * The environment a deploy job works in, read from the title the deploy service gives its jobs
 * ("Deploy web to dev", "Destroy web in dev"); null for an upgrade, whose title names the version
 * it goes to instead ("Upgrade web to local-vm@2"): its notification reaches only subscriptions for
 * every environment.
 */
export function environmentOfJob(kind: string, title: string): string | null {
  if (kind === 'deploy.upgrade') return null;
  return /\s(?:to|in)\s+([^\s]+)$/.exec(title)?.[1] ?? null;
}

/**
 * Turns the outcome of every deploy job and drift check that runs in this process into
 * notifications, in the tenant the job ran in. Listens to the job manager (the deploy code is not
 * touched); only the process that ran a job routes its outcome, so each is notified once. Returns the
 * function that stops listening.
 */
export function notifyJobOutcomes(
  jobs: JobManager,
  notifications: NotificationService,
  store: Pick<Repositories, 'deployments'>,
  logger: Logger = discardLogger,
): () => void {
  const started = new Map<string, { kind: string; title: string; tenant: string }>();
  return jobs.subscribeLocal((event) => {
    if (event.type === 'job.started') {
      if (DEPLOY_JOB_KINDS.has(event.kind) || event.kind === 'deploy.drift')
        started.set(event.jobId, { kind: event.kind, title: event.title, tenant: currentTenantScope().tenant ?? ENGINE_WORK_TENANT });
      return;
    }
    if (event.type !== 'job.finished') return;
    const job = started.get(event.jobId);
    started.delete(event.jobId);
    if (!job || event.status === 'cancelled') return;
    setImmediate(() => {
      void runAsTenantWork(job.tenant, 'notifications', async () => {
        try {
          if (DEPLOY_JOB_KINDS.has(job.kind)) {
            const succeeded = event.status === 'succeeded';
            const environment = environmentOfJob(job.kind, job.title);
            await notifications.notify({
              type: succeeded ? 'deploy.succeeded' : 'deploy.failed',
              environment,
              values: { jobId: event.jobId, kind: job.kind, title: job.title, status: event.status, error: event.error?.message ?? null },
              data: { jobId: event.jobId, kind: job.kind, status: event.status, ...(event.error ? { error: event.error } : {}) },
            });
          } else if (event.status === 'succeeded') {
            await notifyDrift(notifications, store, event.jobId, (await jobs.settled(event.jobId)).result);
          }
        } catch (error) {
          logFailure(logger, 'warn', `Notifying the outcome of a ${job.kind} job failed`, error, { jobId: event.jobId });
        }
      });
    });
  });
}

async function notifyDrift(notifications: NotificationService, store: Pick<Repositories, 'deployments'>, jobId: string, result: unknown) {
  const results = (result as { results?: { deploymentId: string; label: string; drifted: boolean | null }[] } | null)?.results ?? [];
  for (const entry of results.filter((r) => r.drifted)) {
    const record = await store.deployments.find(entry.deploymentId);
    await notifications.notify({
      type: 'drift.found',
      environment: record?.environment ?? null,
      values: { deploymentId: entry.deploymentId, label: entry.label, jobId },
      data: { deploymentId: entry.deploymentId, jobId },
    });
  }
}

/** A stack instance went from one state to another. */
export interface StackStateChange {
  instanceId: string;
  /** The instance's name. */
  instance: string;
  environment: string;
  from: string;
  to: string;
  reason?: string;
}

/** The notification event of a stack instance's transition (for `queueNotifications` inside the unit that records it). */
export function stackStateChangedEvent(change: StackStateChange): NotificationEvent {
  return {
    type: 'stack.state_changed',
    environment: change.environment,
    values: { ...change, reason: change.reason ?? '' },
    data: { instanceId: change.instanceId, from: change.from, to: change.to },
  };
}

/**
 * Notifies `stack.state_changed` subscribers of a stack instance's new state, in the current tenant
 * scope (call it where the transition is recorded, in the instance's tenant). Resolves with how many
 * notifications were queued; never throws for a delivery problem (delivery happens later). To queue
 * them in the same transaction as the history row instead, call
 * `queueNotifications(tx, stackStateChangedEvent(change))` inside that unit of work.
 */
export function notifyStackStateChanged(notifications: NotificationService, change: StackStateChange): Promise<number> {
  return notifications.notify(stackStateChangedEvent(change));
}

/** What an approval notification says. `approvers`: user ids told in-app directly, beside the subscribers. */
export type ApprovalNotice =
  | {
      type: 'approval.requested';
      approvalId: string;
      title: string;
      environment: string;
      requestedBy: string;
      expiresAt?: string;
      url?: string;
      approvers?: readonly string[];
    }
  | {
      type: 'approval.decided';
      approvalId: string;
      title: string;
      environment: string;
      decision: 'approved' | 'rejected' | 'expired' | 'cancelled';
      decidedBy: string;
      comment?: string;
      url?: string;
      /** Usually the requester: told in-app directly. */
      approvers?: readonly string[];
    }
  | {
      type: 'approval.expiring';
      approvalId: string;
      title: string;
      environment: string;
      expiresAt: string;
      url?: string;
      approvers?: readonly string[];
    };

/** The notification event of an approval notice (for `queueNotifications` inside the approval's own unit of work). */
export function approvalEvent(notice: ApprovalNotice): NotificationEvent {
  const { type, approvers, ...values } = notice;
  return {
    type,
    environment: notice.environment,
    values,
    data: { approvalId: notice.approvalId, ...('decision' in notice ? { decision: notice.decision } : {}) },
    ...(approvers ? { directRecipients: approvers } : {}),
  };
}

/**
 * The approvals module calls this when an approval is requested, decided, or about to expire, in the
 * approval's tenant scope. Subscribers of the event type hear of it (optionally only for its
 * environment), and every user id in `approvers` gets an in-app notification as well. To queue the
 * notifications atomically with the approval's change, call `queueNotifications(tx, approvalEvent(notice))`
 * inside the approval's unit of work instead.
 */
export function notifyApproval(notifications: NotificationService, notice: ApprovalNotice): Promise<number> {
  return notifications.notify(approvalEvent(notice));
}

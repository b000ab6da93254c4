import type { JobManager } from '../jobs/job-manager.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import { instanceOfTopology } from '../stacks/stack-topology.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { EventRouter } from './event-router.js';

/**
 * Nimbus' own events: every finished job becomes `nimbus.job.<status>` (with its kind), and a drift
 * check that found drift becomes `nimbus.drift.detected` for each drifted deployment, addressed to
 * its stack instance when it belongs to one. Returns the function that stops routing them.
 */
export function routeJobOutcomes(
  jobs: JobManager,
  router: EventRouter,
  store: Pick<Repositories, 'deployments' | 'stacks'>,
  logger: Logger = discardLogger,
): () => void {
  const kinds = new Map<string, string>();
  return jobs.subscribeLocal((event) => {
    if (event.type === 'job.started') {
      kinds.set(event.jobId, event.kind);
      return;
    }
    if (event.type !== 'job.finished') return;
    const kind = kinds.get(event.jobId) ?? 'unknown';
    kinds.delete(event.jobId);
    // Routed after the job's own bookkeeping, outside the job manager's listener loop.
    setImmediate(async () => {
      try {
        await router.route('nimbus', {
          type: `nimbus.job.${event.status}`,
          payload: { jobId: event.jobId, kind, error: event.error?.message ?? null },
        });
        // The outcome is read once the job has stored it.
        if (kind === 'deploy.drift' && event.status === 'succeeded')
          await routeDrift(router, store, (await jobs.settled(event.jobId)).result);
      } catch (error) {
        // An engine being disposed may have closed the store; the job's outcome is recorded anyway, and the log says what was not routed.
        logFailure(logger, 'warn', `Routing the outcome of a ${kind} job failed`, error, { jobId: event.jobId });
      }
    });
  });
}

async function routeDrift(router: EventRouter, store: Pick<Repositories, 'deployments' | 'stacks'>, result: unknown): Promise<void> {
  const results = (result as { results?: { deploymentId: string; label: string; drifted: boolean | null }[] } | null)?.results ?? [];
  for (const entry of results.filter((r) => r.drifted)) {
    const record = await store.deployments.find(entry.deploymentId);
    const instance = record && (await instanceOfTopology(store, record.environment, record.topology));
    await router.route('nimbus', {
      type: 'nimbus.drift.detected',
      ...(instance ? { instanceId: instance.id } : {}),
      payload: { deploymentId: entry.deploymentId, slot: record?.nodeId ?? null, label: entry.label },
    });
  }
}

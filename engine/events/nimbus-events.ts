import type { JobManager } from '../jobs/job-manager.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import { instanceOfTopology } from '../stacks/stack-topology.js';
import type { Store } from '../store/store.js';
import type { EventRouter } from './event-router.js';

/**
 * Nimbus' own events: every finished job becomes `nimbus.job.<status>` (with its kind), and a drift
 * check that found drift becomes `nimbus.drift.detected` for each drifted deployment, addressed to
 * its stack instance when it belongs to one. Returns the function that stops routing them.
 */
export function routeJobOutcomes(jobs: JobManager, router: EventRouter, store: Store, logger: Logger = discardLogger): () => void {
  const kinds = new Map<string, string>();
  return jobs.subscribe((event) => {
    if (event.type === 'job.started') {
      kinds.set(event.jobId, event.kind);
      return;
    }
    if (event.type !== 'job.finished') return;
    const kind = kinds.get(event.jobId) ?? 'unknown';
    kinds.delete(event.jobId);
    // Routed after the job's own bookkeeping, outside the job manager's listener loop.
    setImmediate(() => {
      try {
        router.route('nimbus', {
          type: `nimbus.job.${event.status}`,
          payload: { jobId: event.jobId, kind, error: event.error?.message ?? null },
        });
        if (kind === 'deploy.drift' && event.status === 'succeeded') routeDrift(router, store, jobs.get(event.jobId).result);
      } catch (error) {
        // An engine being disposed may have closed the store; the job's outcome is recorded anyway, and the log says what was not routed.
        logFailure(logger, 'warn', `Routing the outcome of a ${kind} job failed`, error, { jobId: event.jobId });
      }
    });
  });
}

function routeDrift(router: EventRouter, store: Store, result: unknown): void {
  const results = (result as { results?: { deploymentId: string; label: string; drifted: boolean | null }[] } | null)?.results ?? [];
  for (const entry of results.filter((r) => r.drifted)) {
    const record = store.deployments.find(entry.deploymentId);
    const instance = record && instanceOfTopology(store, record.environment, record.topology);
    router.route('nimbus', {
      type: 'nimbus.drift.detected',
      ...(instance ? { instanceId: instance.id } : {}),
      payload: { deploymentId: entry.deploymentId, slot: record?.nodeId ?? null, label: entry.label },
    });
  }
}

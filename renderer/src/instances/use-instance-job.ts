import { useEffect } from 'react';
import { useApi } from '../api/ApiProvider';
import type { JobTracker, JobSnapshot } from '../jobs/job-tracker';
import { useJobTracker } from '../jobs/use-job-tracker';
import type { StackInstance } from './instance-entities';
import { isJobOfInstance } from './instance-jobs';

/**
 * Follows the job of the workflow an instance runs, and keeps the last one after it ended. The job is
 * found three ways, since none is enough alone: the instance's `activity.jobId` when the engine filled
 * it in; a `job.started` event named after the instance (a quick operation can end before any poll);
 * and, when the page opens while a workflow runs, the running job of that name started after it.
 */
export function useInstanceJob(instance: StackInstance, operations: readonly string[]): { tracker: JobTracker; snapshot: JobSnapshot } {
  const api = useApi();
  const followed = useJobTracker();
  const { tracker } = followed;
  const jobId = instance.activity?.jobId ?? null;
  const name = instance.name;
  // Joined, so a new array with the same names does not subscribe again.
  const operationKey = operations.join('\n');

  useEffect(() => {
    if (jobId && tracker.getSnapshot().jobId !== jobId) void tracker.attach(jobId);
  }, [jobId, tracker]);

  useEffect(() => {
    const names = operationKey.split('\n');
    return api.onJobEvent((event) => {
      if (event.type === 'job.started' && isJobOfInstance(event, name, names) && tracker.getSnapshot().jobId !== event.jobId) void tracker.attach(event.jobId);
    });
  }, [api, name, operationKey, tracker]);

  const startedAt = instance.activity && !jobId ? instance.activity.startedAt : null;
  useEffect(() => {
    if (!startedAt) return;
    let cancelled = false;
    const names = operationKey.split('\n');
    api.listJobs({}).then(
      (jobs) => {
        const job = jobs.find((candidate) => candidate.status === 'running' && candidate.createdAt >= startedAt && isJobOfInstance(candidate, name, names));
        if (!cancelled && job && tracker.getSnapshot().jobId !== job.id) void tracker.attach(job.id);
      },
      // Not found or offline: a job event or the next workflow tries again; the status still shows the activity.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, startedAt, name, operationKey, tracker]);

  return followed;
}

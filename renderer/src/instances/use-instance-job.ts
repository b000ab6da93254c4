import { useEffect } from 'react';
import type { JobTracker, JobSnapshot } from '../jobs/job-tracker';
import { useJobTracker } from '../jobs/use-job-tracker';
import type { StackInstance } from './instance-entities';

/**
 * Follows the job of the workflow an instance runs, and keeps the last one after it ended: the
 * engine names it in `activity.jobId` while it runs and in `lastJob` afterwards.
 */
export function useInstanceJob(instance: StackInstance): { tracker: JobTracker; snapshot: JobSnapshot } {
  const followed = useJobTracker();
  const { tracker } = followed;
  const jobId = instance.activity?.jobId ?? instance.lastJob?.jobId ?? null;

  useEffect(() => {
    if (jobId && tracker.getSnapshot().jobId !== jobId) void tracker.attach(jobId);
  }, [jobId, tracker]);

  return followed;
}

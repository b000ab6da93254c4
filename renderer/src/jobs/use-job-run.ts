import { useCallback } from 'react';
import type { JobEvent, JobStatus } from '../../../engine/api/contract';
import { useJobTracker } from './use-job-tracker';

export interface JobRun {
  jobId: string | null;
  status: JobStatus | null;
  events: readonly JobEvent[];
  starting: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/** Starts one kind of job on demand and follows it (the Settings page's self-check). */
export function useJobRun(startJob: () => Promise<{ jobId: string }>): JobRun {
  const { tracker, snapshot } = useJobTracker();
  const start = useCallback(async () => {
    await tracker.start(startJob);
  }, [tracker, startJob]);
  const cancel = useCallback(() => tracker.cancel(), [tracker]);
  return {
    jobId: snapshot.jobId,
    status: snapshot.jobId ? snapshot.status : null,
    events: snapshot.events,
    starting: snapshot.starting,
    start,
    cancel,
  };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobEvent, JobStatus, NimbusApi } from '../../../engine/api/contract';
import { jobStatusOf, mergeJobEvents } from './job-events';

export interface JobRun {
  jobId: string | null;
  status: JobStatus | null;
  events: JobEvent[];
  starting: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * Starts a job and follows its events. Events can arrive before the start call returns the job id,
 * so everything is buffered until then; afterwards `getJob` fills any gap, merged by `seq`, and again
 * after a reconnect, since events pushed while the link was down are lost.
 */
export function useJobRun(api: NimbusApi, startJob: () => Promise<{ jobId: string }>, connected: boolean): JobRun {
  const [jobId, setJobId] = useState<string | null>(null);
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [starting, setStarting] = useState(false);
  const following = useRef<string | null>(null);
  const early = useRef<JobEvent[] | null>(null);

  useEffect(
    () =>
      api.onJobEvent((event) => {
        if (following.current === null) {
          early.current?.push(event);
          return;
        }
        if (event.jobId === following.current) setEvents((previous) => mergeJobEvents(previous, [event]));
      }),
    [api],
  );

  const start = useCallback(async () => {
    setStarting(true);
    following.current = null;
    early.current = [];
    setEvents([]);
    setJobId(null);
    try {
      const { jobId: id } = await startJob();
      following.current = id;
      setJobId(id);
      const buffered = (early.current ?? []).filter((event) => event.jobId === id);
      early.current = null;
      setEvents((previous) => mergeJobEvents(previous, buffered));
      const { events: past } = await api.getJob({ id });
      setEvents((previous) => mergeJobEvents(previous, past));
    } finally {
      early.current = null;
      setStarting(false);
    }
  }, [api, startJob]);

  const running = jobId !== null && jobStatusOf(events) === 'running';
  useEffect(() => {
    if (!connected || !running || !jobId) return;
    let cancelled = false;
    api.getJob({ id: jobId }).then(
      ({ events: past }) => {
        if (!cancelled) setEvents((previous) => mergeJobEvents(previous, past));
      },
      () => {
        // Still offline or the job is gone; live events resume once the link is back.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, connected, running, jobId]);

  const cancel = useCallback(async () => {
    if (jobId) await api.cancelJob({ id: jobId });
  }, [api, jobId]);

  return { jobId, status: jobId ? jobStatusOf(events) : null, events, starting, start, cancel };
}

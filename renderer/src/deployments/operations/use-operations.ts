import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useApi, useConnectionState } from '../../api/ApiProvider';
import { JobTracker, type JobSnapshot } from '../../jobs/job-tracker';
import { useNotifier } from '../../toasts/ToastProvider';
import { describeJobResult } from '../job-results';
import { describeOutcomes } from '../run/outcomes';

/** One action of the Deployments page running as a job: destroy, refresh, upgrade, drift check. */
export interface Operation {
  id: number;
  /** What it does, in words: "Destroy topology shop in dev". */
  title: string;
  tracker: JobTracker;
}

export interface Operations {
  list: readonly Operation[];
  /** Starts a job and shows it; rejects when it could not be started (nothing is shown then). */
  run(title: string, start: () => Promise<{ jobId: string }>): Promise<void>;
  dismiss(id: number): void;
}

function notifyFinished(notifier: ReturnType<typeof useNotifier>, title: string, { job }: JobSnapshot): void {
  if (!job) return;
  const summary = describeJobResult(job.result, describeOutcomes);
  if (job.status === 'succeeded') notifier.success(`${title}: done`, summary);
  else if (job.status === 'cancelled') notifier.show({ kind: 'info', title: `${title}: cancelled`, message: summary });
  else notifier.error(`${title}: ${job.status}`, job.error ?? { code: job.status, message: summary || `The job was ${job.status}.` });
}

/**
 * The page's running jobs, newest first, each followed by its own tracker. When one finishes a toast
 * says how it went and `onFinished` lets the page reload what changed. Trackers stop listening when
 * the page unmounts; the jobs keep running in the engine.
 */
export function useOperations(onFinished: () => void): Operations {
  const api = useApi();
  const notifier = useNotifier();
  const connected = useConnectionState().status === 'open';
  const [list, setList] = useState<readonly Operation[]>([]);
  const nextId = useRef(1);
  const finished = useRef(onFinished);
  useLayoutEffect(() => {
    finished.current = onFinished;
  });

  const run = useCallback(
    async (title: string, start: () => Promise<{ jobId: string }>) => {
      const tracker = new JobTracker(api, {
        onFinished: (snapshot) => {
          notifyFinished(notifier, title, snapshot);
          finished.current();
        },
      });
      const operation: Operation = { id: nextId.current++, title, tracker };
      setList((previous) => [operation, ...previous]);
      try {
        await tracker.start(start);
      } catch (error) {
        tracker.dispose();
        setList((previous) => previous.filter((entry) => entry !== operation));
        throw error;
      }
    },
    [api, notifier],
  );

  const current = useRef(list);
  useLayoutEffect(() => {
    current.current = list;
  });
  const dismiss = useCallback((id: number) => {
    current.current.find((entry) => entry.id === id)?.tracker.dispose();
    setList((previous) => previous.filter((entry) => entry.id !== id));
  }, []);

  // Pushes sent while the link was down are lost: read running jobs again once it is back.
  useEffect(() => {
    if (!connected) return;
    for (const operation of list) void operation.tracker.sync();
  }, [connected, list]);

  useEffect(
    () => () => {
      for (const operation of current.current) operation.tracker.dispose();
    },
    [],
  );

  return { list, run, dismiss };
}

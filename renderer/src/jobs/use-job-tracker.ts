import { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { useApi, useConnectionState } from '../api/ApiProvider';
import { JobTracker, type JobSnapshot } from './job-tracker';

export interface UseJobTrackerOptions {
  /** Called once per job when its final record has been read (a toast, a reload). */
  onFinished?(snapshot: JobSnapshot): void;
}

/**
 * A JobTracker owned by a component: its snapshot re-renders the component, and after a reconnect a
 * running job is read again, since events pushed while the link was down are lost.
 */
export function useJobTracker(options: UseJobTrackerOptions = {}): { tracker: JobTracker; snapshot: JobSnapshot } {
  const api = useApi();
  const connected = useConnectionState().status === 'open';
  const [tracker] = useState(() => new JobTracker(api));
  const { onFinished } = options;
  useLayoutEffect(() => {
    tracker.setOnFinished(onFinished);
  }, [tracker, onFinished]);
  useEffect(() => () => tracker.dispose(), [tracker]);
  const snapshot = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  const following = snapshot.jobId !== null && snapshot.job === null;
  useEffect(() => {
    if (connected && following) void tracker.sync();
  }, [connected, following, tracker]);
  return { tracker, snapshot };
}

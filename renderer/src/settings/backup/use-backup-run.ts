import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupRun } from '../../../../engine/api/contract';
import { useApi } from '../../api/ApiProvider';
import { toApiError } from '../../api/api-error';

/** How often a running backup or restore is asked for its progress. */
const POLL_MS = 300;

export interface BackupRunState {
  run: BackupRun | null;
  /** A refusal before the run started (a weak passphrase, a path that is not absolute). */
  problem: { code: string; message: string } | null;
  busy: boolean;
  start(begin: () => Promise<BackupRun>): Promise<void>;
}

/**
 * Starts a backup or restore and follows it to its end by polling `getBackupRun`: these runs are
 * this machine's own work, answered by its engine even while the app is connected to a server.
 */
export function useBackupRun(): BackupRunState {
  const api = useApi();
  const [run, setRun] = useState<BackupRun | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  // Set when the page unmounts, so a poll in flight stops.
  const gone = useRef(false);
  useEffect(() => {
    gone.current = false;
    return () => {
      gone.current = true;
    };
  }, []);

  const start = useCallback(
    async (begin: () => Promise<BackupRun>) => {
      setProblem(null);
      setRun(null);
      try {
        let current = await begin();
        setRun(current);
        while (current.status === 'running' && !gone.current) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          current = await api.getBackupRun({ id: current.id });
          if (!gone.current) setRun(current);
        }
      } catch (error) {
        if (!gone.current) setProblem(toApiError(error));
      }
    },
    [api],
  );

  return { run, problem, busy: run?.status === 'running', start };
}

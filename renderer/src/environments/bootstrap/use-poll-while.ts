import { useEffect } from 'react';

/** Calls `reload` every `intervalMs` while `active` (a job runs elsewhere: the server, or the engine). */
export function usePollWhile(active: boolean, reload: () => void, intervalMs = 1500): void {
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [active, reload, intervalMs]);
}

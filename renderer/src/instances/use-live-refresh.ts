import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';

/** How often a shown instance (or the list) is read again: state changes also come from pollers and webhooks, which push nothing to the renderer. */
export const LIVE_REFRESH_MS = 3000;

/**
 * A number that grows every few seconds while `enabled`, and at once when any job starts or finishes,
 * for loaders' refresh keys. Workflows run as jobs (whose events are pushed), but the transitions that
 * events cause are only in the engine's records, so polling covers the rest.
 */
export function useLiveRefresh(enabled: boolean, intervalMs = LIVE_REFRESH_MS): number {
  const api = useApi();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const bump = () => setCount((previous) => previous + 1);
    const timer = setInterval(bump, intervalMs);
    const unsubscribe = api.onJobEvent((event) => {
      if (event.type === 'job.started' || event.type === 'job.finished') bump();
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, enabled, intervalMs]);
  return count;
}

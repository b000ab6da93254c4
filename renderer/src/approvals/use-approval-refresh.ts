import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';

/** How often approvals are read again while shown when the transport pushes no approval events. */
export const APPROVAL_POLL_MS = 3000;
/** With pushed events, reading again is only a safety net (a reconnect may have missed one). */
export const APPROVAL_SAFETY_POLL_MS = 30_000;

/**
 * A number that grows at once when an approval event arrives (pushed over the WebSocket or IPC),
 * when the window becomes visible again, and every few seconds while `enabled` and visible (every
 * half minute when events are pushed), for loaders' refresh keys: requesters and approvers see
 * decisions made elsewhere without reloading.
 */
export function useApprovalRefresh(enabled: boolean, intervalMs = APPROVAL_POLL_MS): number {
  const api = useApi();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const bump = () => {
      if (document.visibilityState !== 'hidden') setCount((previous) => previous + 1);
    };
    const unsubscribe = api.onApprovalEvent?.(() => setCount((previous) => previous + 1));
    const timer = setInterval(bump, unsubscribe ? Math.max(intervalMs, APPROVAL_SAFETY_POLL_MS) : intervalMs);
    document.addEventListener('visibilitychange', bump);
    return () => {
      clearInterval(timer);
      unsubscribe?.();
      document.removeEventListener('visibilitychange', bump);
    };
  }, [api, enabled, intervalMs]);
  return count;
}

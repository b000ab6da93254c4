import { useEffect, useState } from 'react';

/** How often approvals are read again while shown: decisions by other people are not pushed to the app. */
export const APPROVAL_REFRESH_MS = 3000;

/**
 * A number that grows every few seconds while `enabled` and the window is visible, and at once when
 * it becomes visible again, for loaders' refresh keys: requesters and approvers see decisions made
 * elsewhere without reloading.
 */
export function useApprovalRefresh(enabled: boolean, intervalMs = APPROVAL_REFRESH_MS): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const bump = () => {
      if (document.visibilityState !== 'hidden') setCount((previous) => previous + 1);
    };
    const timer = setInterval(bump, intervalMs);
    document.addEventListener('visibilitychange', bump);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', bump);
    };
  }, [enabled, intervalMs]);
  return count;
}

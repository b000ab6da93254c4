import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useConnectionState } from '../api/ApiProvider';
import { usePermissionStore, useIdentity } from '../permissions/PermissionProvider';
import { freshUnread, showDesktopNotification, desktopOptIn, desktopPermission } from './desktop-notifications';
import type { NotificationItem } from './notification-link';

/** How often the bell asks for the unread count while the window is visible. */
export const UNREAD_POLL_MS = 10_000;

export interface UnreadCount {
  /** Null until the engine has answered. */
  count: number | null;
  /** Asks again now (after the user marked something read). */
  refresh(): void;
}

/**
 * The signed-in user's unread in-app notifications, asked every {@link UNREAD_POLL_MS} while the window
 * is visible and the connection open, at once when the window becomes visible again, and on refresh().
 * New unread ones become desktop notifications when the user opted in (see desktop-notifications.ts);
 * those unread when the app started are not announced again.
 */
export function useUnreadCount(onDesktopClick: (notification: NotificationItem) => void): UnreadCount {
  const api = useApi();
  const open = useConnectionState().status === 'open';
  const permissions = usePermissionStore();
  useIdentity();
  const allowed = permissions.can('getUnreadNotificationCount');
  const [count, setCount] = useState<number | null>(null);
  const [token, setToken] = useState(0);
  const seen = useRef<Set<string> | null>(null);
  const lastCount = useRef<number | null>(null);
  const clickRef = useRef(onDesktopClick);
  useEffect(() => {
    clickRef.current = onDesktopClick;
  }, [onDesktopClick]);

  useEffect(() => {
    if (!open || !allowed) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const { count: next } = await api.getUnreadNotificationCount({});
        if (cancelled) return;
        setCount(next);
        await announce(next);
      } catch {
        // The next poll asks again; the bell keeps the last count meanwhile.
      }
    };
    const announce = async (next: number) => {
      const wanted = desktopOptIn() && desktopPermission() === 'granted';
      const changed = next !== lastCount.current;
      lastCount.current = next;
      // Without the opt-in, the list is read only when the count changed, to remember what arrived
      // meanwhile: turning desktop notifications on later does not announce those.
      if (seen.current !== null && (next === 0 || (!wanted && !changed))) return;
      const unread = await api.listMyNotifications({ unreadOnly: true, limit: 20 });
      if (cancelled) return;
      if (seen.current === null) {
        // The first answer only records what is already there.
        seen.current = new Set(unread.map((item) => item.id));
        return;
      }
      const fresh = freshUnread(unread, seen.current);
      if (!wanted) return;
      for (const item of fresh) showDesktopNotification(item.subject, item.body, item.id, () => clickRef.current(item));
    };
    const loop = async () => {
      await ask();
      if (!cancelled) timer = setTimeout(() => void loop(), UNREAD_POLL_MS);
    };
    void loop();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, open, allowed, token]);

  const refresh = useCallback(() => setToken((value) => value + 1), []);
  return { count: allowed ? count : null, refresh };
}

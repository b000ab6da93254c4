import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useBlockedReason } from '../permissions/PermissionProvider';
import type { Route } from '../routing/route';
import { Icon } from '../ui/Icon';
import { NotificationPanel } from './NotificationPanel';
import { notificationLink, type NotificationItem } from './notification-link';
import { useUnreadCount } from './use-unread-count';

/**
 * The bell in the status bar: the signed-in user's unread in-app notifications, and a panel listing
 * them (newest first) that opens on click; Escape closes it and gives the focus back to the bell.
 */
export function NotificationBell({ onOpen }: { onOpen(route: Route): void }) {
  const api = useApi();
  const blocked = useBlockedReason('getUnreadNotificationCount', 'listMyNotifications');
  const [open, setOpen] = useState(false);
  const bellRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const follow = useCallback(
    (notification: NotificationItem) => {
      const link = notificationLink(notification);
      if (notification.readAt === null) void api.markNotificationsRead({ ids: [notification.id] }).catch(() => undefined);
      if (link) onOpen(link.route);
    },
    [api, onOpen],
  );
  const { count, refresh } = useUnreadCount(follow);

  const close = useCallback(() => {
    setOpen(false);
    bellRef.current?.focus();
  }, []);

  // A click outside the panel closes it; so does Escape, wherever the focus is (a button that became
  // disabled, such as "Mark all read", leaves it on the page).
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      event.stopPropagation();
      close();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close]);

  const unread = count ?? 0;
  const label =
    blocked ?? (count === null ? 'Notifications' : unread === 0 ? 'Notifications: none unread' : `Notifications: ${unread} unread`);
  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={bellRef}
        type="button"
        className={`status-bar__item bell__button${unread > 0 ? ' bell__button--unread' : ''}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        disabled={blocked !== null}
        data-blocked-reason={blocked ?? undefined}
        onClick={() => setOpen(!open)}
        data-testid="notification-bell"
        data-count={count ?? undefined}
      >
        <Icon name="bell" size={14} />
        {unread > 0 && (
          <span className="bell__count" data-testid="notification-bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <NotificationPanel
          onChanged={refresh}
          onFollow={(notification) => {
            follow(notification);
            refresh();
            setOpen(false);
          }}
          onClose={close}
        />
      )}
    </div>
  );
}

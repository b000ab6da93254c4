import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { Icon } from '../ui/Icon';
import { LOG_TIME } from '../ui/time-format';
import { describeNotificationError } from './notification-error';
import { notificationLink, type NotificationItem } from './notification-link';

export interface NotificationPanelProps {
  /** Something was marked read: the bell asks for its count again. */
  onChanged(): void;
  /** The user chose a notification: open what it is about. */
  onFollow(notification: NotificationItem): void;
  onClose(): void;
}

/** The user's in-app notifications, newest first, unread ones marked, with "Mark all read". */
export function NotificationPanel({ onChanged, onFollow, onClose }: NotificationPanelProps) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(() => api.listMyNotifications({ limit: 50 }), [api]);
  const list = useApiResource(load, null);
  const markBlocked = useBlockedReason('markNotificationsRead');
  const [marking, setMarking] = useState(false);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => panelRef.current?.focus(), []);

  const items = list.value ?? [];
  const unread = items.filter((item) => item.readAt === null).length;

  const markAll = async () => {
    setMarking(true);
    try {
      await api.markNotificationsRead({ all: true });
      list.reload();
      onChanged();
      // The button is disabled now that nothing is unread: keep the focus in the panel.
      panelRef.current?.focus();
    } catch (error) {
      const problem = describeNotificationError(error);
      notifier.error(`Could not mark the notifications read: ${problem.title}`, error);
    } finally {
      setMarking(false);
    }
  };

  let body;
  if (list.value === null) {
    body = list.error ? (
      <div className="bell-panel__state" role="alert" data-testid="notification-panel-error">
        {describeNotificationError(list.error).message}{' '}
        <button type="button" className="button button--small" onClick={list.reload}>
          Try again
        </button>
      </div>
    ) : (
      <div className="bell-panel__state" role="status">
        Loading…
      </div>
    );
  } else if (items.length === 0) {
    body = (
      <div className="bell-panel__state" data-testid="notification-panel-empty">
        No notifications yet. Subscribe to deploys, drift or approvals under Notifications → Subscriptions, or with{' '}
        <span className="mono">nimbus notify subscribe</span>.
      </div>
    );
  } else {
    body = (
      <ul className="bell-panel__list" data-testid="notification-panel-list">
        {items.map((item) => {
          const link = notificationLink(item);
          const isUnread = item.readAt === null;
          return (
            <li
              key={item.id}
              className={`bell-panel__item${isUnread ? ' bell-panel__item--unread' : ''}`}
              data-testid="notification-item"
              data-unread={isUnread}
            >
              <button type="button" className="bell-panel__entry" onClick={() => onFollow(item)} title={link?.label ?? 'Mark read'}>
                <span className="bell-panel__subject">
                  {isUnread && <span className="visually-hidden">Unread: </span>}
                  {isUnread && <span className="bell-panel__dot" aria-hidden="true" />}
                  {item.subject}
                </span>
                <span className="bell-panel__body">{item.body}</span>
                <span className="bell-panel__meta">
                  <time dateTime={item.createdAt}>{LOG_TIME.format(new Date(item.createdAt))}</time>
                  {link && <span className="bell-panel__link">{link.label} →</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div ref={panelRef} className="bell-panel" role="dialog" aria-label="Notifications" tabIndex={-1} data-testid="notification-panel">
      <div className="bell-panel__header">
        <h2 className="bell-panel__title">Notifications</h2>
        <span className="muted">{unread === 0 ? 'All read' : `${unread} unread`}</span>
        <button
          type="button"
          className="button button--small"
          onClick={() => void markAll()}
          {...blockedProps(markBlocked, { disabled: marking || unread === 0, title: unread === 0 ? 'Nothing unread' : undefined })}
          data-testid="notification-mark-all"
        >
          <Icon name="check" size={14} />
          Mark all read
        </button>
        <button type="button" className="button button--small button--icon" aria-label="Close notifications" onClick={onClose}>
          <Icon name="close" size={14} />
        </button>
      </div>
      {body}
    </div>
  );
}

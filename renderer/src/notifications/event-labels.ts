import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../../../engine/common/notification-events';

/** Event types in the order people look for them, with what each means. */
export const EVENT_TYPES: readonly NotificationEventType[] = NOTIFICATION_EVENT_TYPES;

export const EVENT_DESCRIPTION: Record<NotificationEventType, string> = {
  'deploy.succeeded': 'A deploy, destroy, upgrade, repair or acceptance finished',
  'deploy.failed': 'A deploy, destroy, upgrade, repair or acceptance failed',
  'approval.requested': 'Someone asks for an approval',
  'approval.decided': 'An approval was granted or rejected',
  'approval.expiring': 'An approval request is about to expire',
  'drift.found': 'A drift check found drift',
  'stack.state_changed': 'A stack instance changed state',
  'notification.dead_letter': 'A notification could not be delivered',
};

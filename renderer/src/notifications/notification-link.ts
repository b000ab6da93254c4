import type { MethodOutput } from '../../../engine/api/contract';
import type { Route } from '../routing/route';

/** One notification as the engine lists it. */
export type NotificationItem = MethodOutput<'listMyNotifications'>[number];

/** Where a notification leads in the app, and how the link reads. */
export interface NotificationLink {
  route: Route;
  label: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** A value of the notification's payload: its template values first, then its webhook data. */
function payloadValue(notification: Pick<NotificationItem, 'payload'>, key: string): string | null {
  const { values, data } = notification.payload;
  const fromValues = typeof values === 'object' && values !== null ? text(Reflect.get(values, key)) : null;
  const fromData = typeof data === 'object' && data !== null ? text(Reflect.get(data, key)) : null;
  return fromValues ?? fromData;
}

/**
 * What a notification is about, as a place in the app: the deployment that drifted, the stack
 * instance that changed state, the approval request, the dead letters; a finished deploy leads to the
 * deployments. Null when the app has no page for it.
 */
export function notificationLink(notification: Pick<NotificationItem, 'eventType' | 'payload'>): NotificationLink | null {
  const deployment = payloadValue(notification, 'deploymentId');
  const instance = payloadValue(notification, 'instanceId');
  const approval = payloadValue(notification, 'approvalId');
  if (deployment) return { route: { page: 'deployments', id: deployment }, label: 'Open the deployment' };
  if (instance) return { route: { page: 'instances', id: instance }, label: 'Open the stack instance' };
  if (approval) return { route: { page: 'approvals', id: approval }, label: 'Open the approval request' };
  switch (notification.eventType) {
    case 'deploy.succeeded':
    case 'deploy.failed':
      return { route: { page: 'deployments' }, label: 'Open the deployments' };
    case 'notification.dead_letter':
      return { route: { page: 'notifications', id: 'dead-letters' }, label: 'Open the dead letters' };
    default:
      return null;
  }
}

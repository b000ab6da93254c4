import { currentRequest } from '../../context/request-context.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { Handlers } from '../dispatcher.js';

type NotificationMethods =
  | 'listNotifications'
  | 'getNotification'
  | 'listMyNotifications'
  | 'getUnreadNotificationCount'
  | 'markNotificationsRead'
  | 'listDeadLetters'
  | 'retryDeadLetter'
  | 'discardDeadLetter'
  | 'listNotificationChannels'
  | 'createNotificationChannel'
  | 'removeNotificationChannel'
  | 'listNotificationSubscriptions'
  | 'subscribeNotifications'
  | 'unsubscribeNotifications'
  | 'listNotificationTemplates'
  | 'saveNotificationTemplate'
  | 'sendTestNotification';

/**
 * The caller as the notification service needs them: their id (the recipient of their in-app
 * notifications) and whether they manage the tenant's notifications. The local engine's owner holds
 * every permission; a call without an actor is the local user.
 */
function actor(): { id: string; manager: boolean } {
  const request = currentRequest();
  return { id: request?.actor ?? 'local-user', manager: request?.permissions ? request.permissions.has('notification:manage') : true };
}

/** API methods of the notification gateway; the dispatcher has checked each method's permission. */
export function notificationHandlers(notifications: NotificationService): Pick<Handlers, NotificationMethods> {
  return {
    listNotifications: (filter) => notifications.list(filter),
    getNotification: ({ id }) => notifications.get(id),
    listMyNotifications: (options) => notifications.inbox(actor().id, options),
    getUnreadNotificationCount: async () => ({ count: await notifications.unreadCount(actor().id) }),
    markNotificationsRead: async (input) => ({ marked: await notifications.markRead(actor().id, 'ids' in input ? input.ids : null) }),
    listDeadLetters: ({ limit }) => notifications.deadLetters(limit),
    retryDeadLetter: ({ id }) => notifications.retryDeadLetter(id),
    discardDeadLetter: ({ id }) => notifications.discardDeadLetter(id),
    listNotificationChannels: () => notifications.listChannels(),
    createNotificationChannel: (input) => notifications.createChannel(input, actor()),
    removeNotificationChannel: ({ channel }) => notifications.removeChannel(channel),
    listNotificationSubscriptions: async () => (await notifications.listSubscriptions(actor())).map(({ tenant: _tenant, ...view }) => view),
    subscribeNotifications: async (input) => {
      const { tenant: _tenant, ...view } = await notifications.subscribe(input, actor());
      return view;
    },
    unsubscribeNotifications: async ({ id }) => {
      const { tenant: _tenant, ...view } = await notifications.unsubscribe(id, actor());
      return view;
    },
    listNotificationTemplates: () => notifications.listTemplates(),
    saveNotificationTemplate: async (input) => {
      await notifications.saveTemplate(input);
      return (await notifications.listTemplates()).find((t) => t.eventType === input.eventType)!;
    },
    sendTestNotification: async (input) => ({
      queued: await notifications.sendTest(input.eventType, input.environment ?? null, actor().id),
    }),
  };
}

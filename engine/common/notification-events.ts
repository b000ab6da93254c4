/**
 * The notification gateway's vocabulary, shared by the engine, the API schemas and the renderer: what
 * a notification can be about, and how it can travel.
 */

/** What a notification is about. */
export const NOTIFICATION_EVENT_TYPES = [
  'deploy.succeeded',
  'deploy.failed',
  'approval.requested',
  'approval.decided',
  'approval.expiring',
  'drift.found',
  'stack.state_changed',
  'notification.dead_letter',
] as const;

/** One event type (see {@link NOTIFICATION_EVENT_TYPES}). */
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** How a notification travels. */
export const CHANNEL_KINDS = ['email', 'webhook', 'in-app'] as const;

/** One channel kind (see {@link CHANNEL_KINDS}). */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

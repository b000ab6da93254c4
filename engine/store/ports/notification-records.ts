/**
 * The records of the notification gateway (channels, subscriptions, templates, notifications), as
 * both stores read and write them. Declared beside the ports so an implementation needs nothing else.
 */

import type { ChannelKind, NotificationEventType } from '../../common/notification-events.js';
export { CHANNEL_KINDS, NOTIFICATION_EVENT_TYPES, type ChannelKind, type NotificationEventType } from '../../common/notification-events.js';

/** How an email channel talks to its SMTP server; the password is a secret, only its reference is here. */
export interface EmailChannelConfig {
  host: string;
  port: number;
  tls: 'none' | 'starttls' | 'tls';
  from: string;
  username: string | null;
}

/** Where a webhook channel posts; its signing secret is a secret, only its reference is here. */
export interface WebhookChannelConfig {
  url: string;
}

/** A channel of a tenant. `secretRef` names the password (email) or signing secret (webhook). */
export interface ChannelRecord {
  id: string;
  tenant: string;
  name: string;
  kind: ChannelKind;
  config: EmailChannelConfig | WebhookChannelConfig | Record<string, never>;
  secretRef: string | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Who hears about what: an event type, on a channel, to a recipient (an email address for an email
 * channel, a user id for in-app, none for a webhook: the channel itself is the recipient), optionally
 * only for one environment.
 */
export interface SubscriptionRecord {
  id: string;
  tenant: string;
  eventType: NotificationEventType;
  channelId: string;
  recipient: string | null;
  environment: string | null;
  createdAt: string;
  createdBy: string;
}

/** The subject and text body of one event type's notifications, with `{{placeholders}}`. */
export interface TemplateRecord {
  eventType: NotificationEventType;
  subject: string;
  body: string;
  updatedAt: string;
}

/** Where a notification is in its delivery. `dead`: out of attempts (a dead letter); `discarded`: a dead letter given up on. */
export type NotificationStatus = 'pending' | 'processing' | 'sent' | 'dead' | 'discarded';

/** A notification to write: one per recipient and channel. */
export interface NewNotification {
  id: string;
  eventType: NotificationEventType;
  channelId: string | null;
  channelKind: ChannelKind;
  recipient: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  /** In-app notifications are delivered as they are written (`sent`); the others wait for a worker. */
  status: 'pending' | 'sent';
  createdAt: string;
}

/** One notification and its delivery. `claim` is the worker's token while it holds the row. */
export interface NotificationRecord extends Omit<NewNotification, 'status'> {
  tenant: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  claim: string | null;
  lastError: string | null;
  sentAt: string | null;
  readAt: string | null;
}

/** Which notifications to list, newest first. */
export interface NotificationFilter {
  status?: NotificationStatus;
  recipient?: string;
  channelKind?: ChannelKind;
  limit?: number;
}

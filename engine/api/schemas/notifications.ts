import { z } from 'zod';
import { CHANNEL_KINDS, NOTIFICATION_EVENT_TYPES } from '../../common/notification-events.js';
import { EntityId } from './common.js';

/** An event type subscribers may hear about. */
export const NotificationEventTypeSchema = z.enum(NOTIFICATION_EVENT_TYPES);

/** How a notification travels. */
export const ChannelKindSchema = z.enum(CHANNEL_KINDS);

/** Where a notification is in its delivery (`dead`: a dead letter). */
export const NotificationStatusSchema = z.enum(['pending', 'processing', 'sent', 'dead', 'discarded']);

/** A channel as the API shows it: settings, never a secret (only whether an SMTP password is set). */
export const NotificationChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ChannelKindSchema,
  email: z
    .object({
      host: z.string(),
      port: z.number().int(),
      tls: z.enum(['none', 'starttls', 'tls']),
      from: z.string(),
      username: z.string().nullable(),
      hasPassword: z.boolean(),
    })
    .nullable(),
  webhook: z.object({ url: z.string() }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});

/** A new channel: an email (SMTP) channel or a webhook channel. */
export const CreateNotificationChannelInputSchema = z
  .object({
    name: z.string().min(1).max(63),
    email: z
      .object({
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65535),
        tls: z.enum(['none', 'starttls', 'tls']),
        from: z.string().min(3).max(254),
        username: z.string().min(1).max(200).optional(),
        password: z.string().min(1).max(1000).optional(),
      })
      .strict()
      .optional(),
    webhook: z
      .object({ url: z.string().min(1).max(2048) })
      .strict()
      .optional(),
  })
  .strict();

/** A created channel; a webhook's signing secret is in this answer only. */
export const CreatedNotificationChannelSchema = z.object({
  channel: NotificationChannelSchema,
  signingSecret: z.string().nullable(),
});

/** Who hears about what. `channelId` is `in-app` for the built-in in-app channel. */
export const NotificationSubscriptionSchema = z.object({
  id: z.string(),
  eventType: NotificationEventTypeSchema,
  channelId: z.string(),
  recipient: z.string().nullable(),
  environment: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});

/** A new subscription: a channel by name or id (`in-app` for the bell), an email recipient for email channels. */
export const SubscribeNotificationsInputSchema = z
  .object({
    eventType: NotificationEventTypeSchema,
    channel: z.string().min(1).max(100),
    recipient: z.string().min(1).max(254).optional(),
    environment: z.string().min(1).max(200).optional(),
  })
  .strict();

/** The template of one event type, the tenant's own (`custom`) or the default. */
export const NotificationTemplateSchema = z.object({
  eventType: NotificationEventTypeSchema,
  subject: z.string(),
  body: z.string(),
  custom: z.boolean(),
  updatedAt: z.string().nullable(),
});

/** A template to save; placeholders are checked against the event type's. */
export const SaveNotificationTemplateInputSchema = z
  .object({
    eventType: NotificationEventTypeSchema,
    subject: z.string().max(200),
    body: z.string().max(10_000),
  })
  .strict();

/** One notification and its delivery. */
export const NotificationSchema = z.object({
  id: z.string(),
  eventType: NotificationEventTypeSchema,
  channelId: z.string().nullable(),
  channelKind: ChannelKindSchema,
  recipient: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: NotificationStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  readAt: z.string().nullable(),
});

/** Which notifications of the tenant to list, newest first. */
export const ListNotificationsInputSchema = z
  .object({
    status: NotificationStatusSchema.optional(),
    channelKind: ChannelKindSchema.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

/** The caller's in-app notifications. */
export const ListMyNotificationsInputSchema = z
  .object({ unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() })
  .strict();

/** Which in-app notifications to mark read: the given ids, or every one (`all`). */
export const MarkNotificationsReadInputSchema = z.union([
  z.object({ ids: z.array(EntityId).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** Dead letters to list. */
export const ListDeadLettersInputSchema = z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict();

/** A test notification: an event of the given type, to everyone subscribed to it (in the environment, when given). */
export const SendTestNotificationInputSchema = z
  .object({
    eventType: NotificationEventTypeSchema,
    environment: z.string().min(1).max(200).optional(),
  })
  .strict();

import { randomUUID } from 'node:crypto';
import { currentTenantScope, LOCAL_TENANT } from '../context/tenant-scope.js';
import { NotFoundError } from '../errors.js';
import type { SecretService } from '../resolvers/secret/secret-service.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { StorePort } from '../store/ports/store-port.js';
import {
  NOTIFICATION_EVENT_TYPES,
  type ChannelRecord,
  type EmailChannelConfig,
  type NewNotification,
  type NotificationEventType,
  type NotificationRecord,
  type NotificationStatus,
  type SubscriptionRecord,
  type WebhookChannelConfig,
} from '../store/ports/notification-records.js';
import { excerpt } from '../text/excerpt.js';
import { validateChannelName, validateEmailAddress, validateEmailSettings, validateWebhookUrl } from './channel-rules.js';
import { NotificationError } from './notification-errors.js';
import { DEFAULT_TEMPLATES, renderTemplate, validateTemplate, type TemplateValues } from './templates.js';
import { newSigningSecret } from './webhook-delivery.js';

/** The built-in in-app channel: every user's notification bell. It has no row; subscriptions name it by this id. */
export const IN_APP_CHANNEL = 'in-app';

/** Where secrets of channels live among the engine's secrets. */
const SECRET_SCOPE = 'notification-channels';

/** Something that happened that subscribers may hear about, with the values its template fills in. */
export interface NotificationEvent {
  type: NotificationEventType;
  /** The environment it happened in, when there is one: subscriptions limited to an environment match only it. */
  environment?: string | null;
  /** Placeholder values (see `EVENT_PLACEHOLDERS`); absent ones render empty. */
  values: TemplateValues;
  /** Extra data for webhook receivers (ids, statuses), sent as the body's `data`. */
  data?: Record<string, unknown>;
  /** User ids told in-app whether or not they subscribed (the approvers of an approval). */
  directRecipients?: readonly string[];
}

/** A channel as the API shows it: never a secret, only whether one is set. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelRecord['kind'];
  email: (EmailChannelConfig & { hasPassword: boolean }) | null;
  webhook: WebhookChannelConfig | null;
  createdAt: string;
  createdBy: string;
}

/** A new channel: exactly one of `email` and `webhook`. */
export interface NewChannelInput {
  name: string;
  email?: { host: string; port: number; tls: EmailChannelConfig['tls']; from: string; username?: string; password?: string };
  webhook?: { url: string };
}

/** Who asks: their id, and whether they may manage the tenant's notifications (others manage only their own). */
export interface NotificationActor {
  id: string;
  manager: boolean;
}

/** A notification as the API shows it (the claim token stays inside). */
export type NotificationView = Omit<NotificationRecord, 'claim' | 'leaseUntil' | 'tenant'>;

/**
 * The notification gateway of one engine: channels, subscriptions and templates of the caller's
 * tenant, queueing notifications for events, the in-app bell, and dead letters. Every change is
 * audited by the store in the transaction that makes it; secrets (SMTP passwords, webhook signing
 * secrets) are kept with the engine's secret service and never returned or logged.
 */
export class NotificationService {
  constructor(
    private readonly store: StorePort,
    private readonly secrets: () => SecretService,
    /** Called when a notification that needs a worker was queued (the local delivery loop starts at once). */
    private readonly queued: () => void = () => undefined,
  ) {}

  /** Creates a channel; a webhook's signing secret is generated and returned here, and only here. */
  async createChannel(input: NewChannelInput, actor: NotificationActor): Promise<{ channel: ChannelView; signingSecret: string | null }> {
    validateChannelName(input.name);
    if (Boolean(input.email) === Boolean(input.webhook)) {
      throw new NotificationError(
        'invalid_channel',
        'A channel is either an email channel or a webhook channel: give exactly one of them',
        {
          field: 'kind',
        },
      );
    }
    const id = randomUUID();
    let config: ChannelRecord['config'];
    let secret: string | null = null;
    if (input.email) {
      const email = input.email;
      validateEmailSettings(email);
      config = { host: email.host, port: email.port, tls: email.tls, from: email.from, username: email.username ?? null };
      secret = email.password ?? null;
    } else {
      config = { url: validateWebhookUrl(input.webhook!.url) };
      secret = newSigningSecret();
    }
    const channel: ChannelRecord = {
      id,
      tenant: currentTenantScope().tenant ?? LOCAL_TENANT,
      name: input.name,
      kind: input.email ? 'email' : 'webhook',
      config,
      secretRef: null,
      createdAt: new Date().toISOString(),
      createdBy: actor.id,
    };
    await this.store.unitOfWork(async (tx) => {
      if ((await tx.notifications.channels()).some((c) => c.name === input.name)) {
        throw new NotificationError('channel_exists', `A notification channel named ${input.name} already exists`, { name: input.name });
      }
      if (secret !== null) {
        const stored = await this.secrets()
          .within(tx)
          .store({ scope: SECRET_SCOPE, name: id, value: secret, owner: `notification-channel:${id}` });
        channel.secretRef = stored.reference;
      }
      await tx.notifications.insertChannel(channel);
    });
    return { channel: toChannelView(channel), signingSecret: channel.kind === 'webhook' ? secret : null };
  }

  async listChannels(): Promise<ChannelView[]> {
    return (await this.store.notifications.channels()).map(toChannelView);
  }

  /** Removes a channel (by id or name), its subscriptions and its secret. */
  async removeChannel(idOrName: string): Promise<ChannelView> {
    return this.store.unitOfWork(async (tx) => {
      const channel = await findChannel(tx, idOrName);
      await tx.notifications.removeChannel(channel.id, new Date().toISOString());
      if (channel.secretRef) await this.secrets().within(tx).releaseOwner(`notification-channel:${channel.id}`);
      return toChannelView(channel);
    });
  }

  /**
   * Subscribes a recipient on a channel to an event type. Without the manage permission a caller may
   * only subscribe themselves to the in-app channel. Recipients: an email address on an email channel
   * (default: none, which is refused), the caller (or a named user id) in-app, nobody on a webhook.
   */
  async subscribe(
    input: { eventType: NotificationEventType; channel: string; recipient?: string; environment?: string },
    actor: NotificationActor,
  ): Promise<SubscriptionRecord> {
    if (!(NOTIFICATION_EVENT_TYPES as readonly string[]).includes(input.eventType)) {
      throw new NotificationError('invalid_subscription', `Unknown event type ${excerpt(input.eventType, 60)}`, {
        eventType: excerpt(input.eventType, 60),
        allowed: NOTIFICATION_EVENT_TYPES,
      });
    }
    return this.store.unitOfWork(async (tx) => {
      let channelId = IN_APP_CHANNEL;
      let recipient: string | null;
      if (input.channel === IN_APP_CHANNEL) {
        recipient = input.recipient ?? actor.id;
        if (recipient !== actor.id && !actor.manager) {
          throw new NotificationError('invalid_subscription', 'Only those who manage notifications may subscribe someone else', {
            field: 'recipient',
          });
        }
      } else {
        if (!actor.manager) {
          throw new NotificationError(
            'invalid_subscription',
            'Subscribing an email or webhook channel needs the notification:manage permission; subscribe yourself in-app instead',
            { field: 'channel' },
          );
        }
        const channel = await findChannel(tx, input.channel);
        channelId = channel.id;
        if (channel.kind === 'email') {
          if (input.recipient === undefined)
            throw new NotificationError('invalid_subscription', 'An email subscription needs a recipient address', { field: 'recipient' });
          recipient = validateEmailAddress(input.recipient, 'recipient');
        } else {
          if (input.recipient !== undefined)
            throw new NotificationError('invalid_subscription', 'A webhook subscription has no recipient: the webhook is the recipient', {
              field: 'recipient',
            });
          recipient = null;
        }
      }
      const existing = (await tx.notifications.subscriptions(input.eventType)).find(
        (s) => s.channelId === channelId && s.recipient === recipient && s.environment === (input.environment ?? null),
      );
      if (existing) return existing;
      const subscription: SubscriptionRecord = {
        id: randomUUID(),
        tenant: currentTenantScope().tenant ?? LOCAL_TENANT,
        eventType: input.eventType,
        channelId,
        recipient,
        environment: input.environment ?? null,
        createdAt: new Date().toISOString(),
        createdBy: actor.id,
      };
      await tx.notifications.insertSubscription(subscription);
      return subscription;
    });
  }

  /** Removes a subscription: one's own in-app subscriptions, or any with the manage permission. */
  async unsubscribe(id: string, actor: NotificationActor): Promise<SubscriptionRecord> {
    return this.store.unitOfWork(async (tx) => {
      const subscription = (await tx.notifications.subscriptions()).find((s) => s.id === id);
      if (!subscription || (!actor.manager && !ownSubscription(subscription, actor))) throw new NotFoundError('Subscription', id);
      await tx.notifications.deleteSubscription(id, new Date().toISOString());
      return subscription;
    });
  }

  /** Every subscription of the tenant for managers; one's own in-app ones for everybody else. */
  async listSubscriptions(actor: NotificationActor): Promise<SubscriptionRecord[]> {
    const all = await this.store.notifications.subscriptions();
    return actor.manager ? all : all.filter((s) => ownSubscription(s, actor));
  }

  /** The template of every event type: the tenant's own where saved, else the default. */
  async listTemplates(): Promise<
    { eventType: NotificationEventType; subject: string; body: string; custom: boolean; updatedAt: string | null }[]
  > {
    const saved = new Map((await this.store.notifications.templates()).map((t) => [t.eventType, t]));
    return NOTIFICATION_EVENT_TYPES.map((eventType) => {
      const own = saved.get(eventType);
      return own
        ? { eventType, subject: own.subject, body: own.body, custom: true, updatedAt: own.updatedAt }
        : { eventType, ...DEFAULT_TEMPLATES[eventType], custom: false, updatedAt: null };
    });
  }

  /** Saves a tenant's template of one event type, refusing unknown placeholders and malformed text. */
  async saveTemplate(input: { eventType: NotificationEventType; subject: string; body: string }): Promise<void> {
    validateTemplate(input.eventType, input.subject, input.body);
    await this.store.notifications.saveTemplate({ ...input, updatedAt: new Date().toISOString() });
  }

  /**
   * Queues the notifications of an event for everyone subscribed to it in the current tenant scope,
   * in one unit of work; in-app ones are delivered at once. Returns how many were queued.
   */
  async notify(event: NotificationEvent): Promise<number> {
    const rows = await this.store.unitOfWork((tx) => queueNotifications(tx, event));
    if (rows.some((row) => row.status === 'pending')) this.queued();
    return rows.length;
  }

  /**
   * Queues a test event of a type for everyone subscribed to it, so whoever manages notifications can
   * check a channel and its receiver without a real deploy; the values say it is a test, and webhook
   * receivers see `data.test: true`. Returns how many notifications were queued.
   */
  sendTest(type: NotificationEventType, environment: string | null, requestedBy: string): Promise<number> {
    const values: TemplateValues = { title: 'Test notification', label: 'Test notification', environment: environment ?? '' };
    return this.notify({ type, environment, values: { ...values, requestedBy, status: 'test' }, data: { test: true, requestedBy } });
  }

  /** The tenant's notifications, newest first (the delivery log). */
  async list(
    filter: { status?: NotificationStatus; channelKind?: ChannelRecord['kind']; limit?: number } = {},
  ): Promise<NotificationView[]> {
    return (await this.store.notifications.notifications(filter)).map(toNotificationView);
  }

  async get(id: string): Promise<NotificationView> {
    const record = await this.store.notifications.notification(id);
    if (!record) throw new NotFoundError('Notification', id);
    return toNotificationView(record);
  }

  /** A user's in-app notifications, newest first. */
  async inbox(userId: string, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationView[]> {
    const rows = await this.store.notifications.notifications({ recipient: userId, channelKind: 'in-app', limit: options.limit ?? 50 });
    return rows.filter((row) => !options.unreadOnly || row.readAt === null).map(toNotificationView);
  }

  unreadCount(userId: string): Promise<number> {
    return this.store.notifications.unreadCount(userId);
  }

  /** Marks a user's in-app notifications read: the given ones (others' are left alone), or all. */
  markRead(userId: string, ids: readonly string[] | null): Promise<number> {
    return this.store.notifications.markRead(userId, ids, new Date().toISOString());
  }

  /** Dead letters of the tenant, newest first. */
  async deadLetters(limit = 100): Promise<NotificationView[]> {
    return (await this.store.notifications.notifications({ status: 'dead', limit })).map(toNotificationView);
  }

  /** A dead letter back to pending, attempts reset: delivered by the next worker that looks. */
  async retryDeadLetter(id: string): Promise<NotificationView> {
    const record = await this.store.notifications.retryDead(id, new Date().toISOString());
    if (!record) throw await this.notDeadLetter(id);
    this.queued();
    return toNotificationView(record);
  }

  /** A dead letter given up on: kept as `discarded`, never sent. */
  async discardDeadLetter(id: string): Promise<NotificationView> {
    const record = await this.store.notifications.discardDead(id, new Date().toISOString());
    if (!record) throw await this.notDeadLetter(id);
    return toNotificationView(record);
  }

  private async notDeadLetter(id: string): Promise<Error> {
    const record = await this.store.notifications.notification(id);
    if (!record) return new NotFoundError('Notification', id);
    return new NotificationError('not_dead_letter', `Notification ${id} is ${record.status}, not a dead letter`, {
      id,
      status: record.status,
    });
  }
}

/**
 * Writes the notifications of an event inside an open unit: one per subscribed channel and recipient
 * (the same recipient on the same channel hears of an event once), rendered with the tenant's template.
 */
export async function queueNotifications(tx: Repositories, event: NotificationEvent): Promise<NewNotification[]> {
  const environment = event.environment ?? null;
  const subscribed = (await tx.notifications.subscriptions(event.type)).filter(
    (s) => s.environment === null || s.environment === environment,
  );
  const direct = (event.directRecipients ?? []).map((recipient) => ({ channelId: IN_APP_CHANNEL, recipient }));
  const subscriptions: { channelId: string; recipient: string | null }[] = [...subscribed, ...direct];
  if (subscriptions.length === 0) return [];
  const at = new Date().toISOString();
  const saved = (await tx.notifications.templates()).find((t) => t.eventType === event.type);
  const values: TemplateValues = {
    ...event.values,
    environment: event.values.environment ?? environment ?? '',
    eventType: event.type,
    tenant: currentTenantScope().tenant ?? LOCAL_TENANT,
    at,
  };
  let rendered;
  try {
    rendered = renderTemplate(event.type, saved ?? DEFAULT_TEMPLATES[event.type], values);
  } catch {
    // A template saved under an older set of placeholders: the default still says what happened.
    rendered = renderTemplate(event.type, DEFAULT_TEMPLATES[event.type], values);
  }
  const channels = new Map((await tx.notifications.channels()).map((c) => [c.id, c]));
  const seen = new Set<string>();
  const rows: NewNotification[] = [];
  for (const subscription of subscriptions) {
    const kind = subscription.channelId === IN_APP_CHANNEL ? 'in-app' : channels.get(subscription.channelId)?.kind;
    const key = `${subscription.channelId}\u0000${subscription.recipient ?? ''}`;
    if (!kind || seen.has(key)) continue;
    seen.add(key);
    rows.push({
      id: randomUUID(),
      eventType: event.type,
      channelId: kind === 'in-app' ? null : subscription.channelId,
      channelKind: kind,
      recipient: subscription.recipient,
      subject: rendered.subject,
      body: rendered.body,
      payload: { environment, values: stringValues(values), ...(event.data ? { data: event.data } : {}) },
      status: kind === 'in-app' ? 'sent' : 'pending',
      createdAt: at,
    });
  }
  await tx.notifications.insertNotifications(rows);
  return rows;
}

function stringValues(values: TemplateValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined) out[key] = String(value);
  return out;
}

function ownSubscription(subscription: SubscriptionRecord, actor: NotificationActor): boolean {
  return subscription.channelId === IN_APP_CHANNEL && subscription.recipient === actor.id;
}

async function findChannel(tx: Repositories, idOrName: string): Promise<ChannelRecord> {
  const channel = (await tx.notifications.channel(idOrName)) ?? (await tx.notifications.channels()).find((c) => c.name === idOrName);
  if (!channel) throw new NotFoundError('Notification channel', idOrName);
  return channel;
}

/** A channel without its secret reference. */
export function toChannelView(channel: ChannelRecord): ChannelView {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    email: channel.kind === 'email' ? { ...(channel.config as EmailChannelConfig), hasPassword: channel.secretRef !== null } : null,
    webhook: channel.kind === 'webhook' ? (channel.config as WebhookChannelConfig) : null,
    createdAt: channel.createdAt,
    createdBy: channel.createdBy,
  };
}

/** A notification without the worker's claim. */
export function toNotificationView({ claim: _claim, leaseUntil: _lease, tenant: _tenant, ...view }: NotificationRecord): NotificationView {
  return view;
}

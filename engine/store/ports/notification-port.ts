import type {
  ChannelRecord,
  NewNotification,
  NotificationFilter,
  NotificationRecord,
  SubscriptionRecord,
  TemplateRecord,
} from './notification-records.js';

/**
 * The notification gateway's records. Every change a person makes (channels, subscriptions,
 * templates, retrying or discarding a dead letter) and every dead letter is audited in its
 * transaction. Claiming is atomic across processes: a due row (pending and due, or processing with
 * an expired lease) is handed to exactly one caller of {@link claimDue}, which gets a claim token;
 * only the holder of the current token can mark the row sent or failed.
 */
export interface NotificationPort {
  insertChannel(channel: ChannelRecord): Promise<void>;
  channel(id: string): Promise<ChannelRecord | undefined>;
  channels(): Promise<ChannelRecord[]>;
  /** Removes a channel and its subscriptions; false when there was none. */
  removeChannel(id: string, at: string): Promise<boolean>;
  insertSubscription(subscription: SubscriptionRecord): Promise<void>;
  subscriptions(eventType?: string): Promise<SubscriptionRecord[]>;
  deleteSubscription(id: string, at: string): Promise<boolean>;
  saveTemplate(template: TemplateRecord): Promise<void>;
  templates(): Promise<TemplateRecord[]>;
  insertNotifications(notifications: readonly NewNotification[]): Promise<void>;
  notification(id: string): Promise<NotificationRecord | undefined>;
  notifications(filter?: NotificationFilter): Promise<NotificationRecord[]>;
  unreadCount(recipient: string): Promise<number>;
  /** Marks the recipient's in-app notifications read (the given ones, or all); returns how many changed. */
  markRead(recipient: string, ids: readonly string[] | null, at: string): Promise<number>;
  /** Claims up to `limit` due rows for `claim` until `leaseUntil`, counting an attempt on each. */
  claimDue(now: string, leaseUntil: string, claim: string, limit: number): Promise<NotificationRecord[]>;
  markSent(id: string, claim: string, at: string): Promise<boolean>;
  /** Records a failed attempt: pending again at `retryAt`, or `dead` (audited) when it is null. */
  markFailed(id: string, claim: string, error: string, retryAt: string | null, at: string): Promise<NotificationRecord | undefined>;
  /** A dead letter back to pending with its attempts reset (audited); undefined when it is no dead letter. */
  retryDead(id: string, at: string): Promise<NotificationRecord | undefined>;
  /** A dead letter kept as `discarded` (audited); undefined when it is no dead letter. */
  discardDead(id: string, at: string): Promise<NotificationRecord | undefined>;
}

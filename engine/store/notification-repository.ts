import type { AuditLog } from './audit.js';
import type {
  ChannelRecord,
  NewNotification,
  NotificationFilter,
  NotificationRecord,
  SubscriptionRecord,
  TemplateRecord,
} from './ports/notification-records.js';
import { sqliteColumns } from './rows/decode.js';
import {
  auditedChannel,
  auditedNotification,
  type ChannelRow,
  dueCondition,
  type NotificationRow,
  type SubscriptionRow,
  type TemplateRow,
  toChannelRecord,
  toNotificationRecord,
  toSubscriptionRecord,
  toTemplateRecord,
} from './rows/notification-rows.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { SqliteDatabase } from './sqlite.js';

const toNotification = (row: NotificationRow) => toNotificationRecord(row, sqliteColumns);

/**
 * The notification gateway's records on SQLite. A claim is one `UPDATE … RETURNING` inside an
 * IMMEDIATE transaction: the database write lock makes it atomic against every other connection
 * (the CLI beside the app included), so a due row goes to exactly one caller.
 */
export class NotificationRepository {
  private readonly s;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.s = {
      insertChannel: db.prepare(
        `INSERT INTO notification_channels (id, tenant, name, kind, config, secret_ref, created_at, created_by)
         VALUES (@id, ${NEW_TENANT}, @name, @kind, @config, @secretRef, @createdAt, @createdBy)`,
      ),
      channel: db.prepare<[string], ChannelRow>(`SELECT * FROM notification_channels WHERE id = ? AND ${own()}`),
      channels: db.prepare<[], ChannelRow>(`SELECT * FROM notification_channels WHERE ${own()} ORDER BY name`),
      removeSubscriptionsOf: db.prepare(`DELETE FROM notification_subscriptions WHERE channel_id = ? AND ${own()}`),
      removeChannel: db.prepare(`DELETE FROM notification_channels WHERE id = ? AND ${own()}`),
      insertSubscription: db.prepare(
        `INSERT INTO notification_subscriptions (id, tenant, event_type, channel_id, recipient, environment, created_at, created_by)
         VALUES (@id, ${NEW_TENANT}, @eventType, @channelId, @recipient, @environment, @createdAt, @createdBy)`,
      ),
      subscription: db.prepare<[string], SubscriptionRow>(`SELECT * FROM notification_subscriptions WHERE id = ? AND ${own()}`),
      subscriptions: db.prepare<[], SubscriptionRow>(`SELECT * FROM notification_subscriptions WHERE ${own()} ORDER BY created_at, id`),
      subscriptionsOf: db.prepare<[string], SubscriptionRow>(
        `SELECT * FROM notification_subscriptions WHERE event_type = ? AND ${own()} ORDER BY created_at, id`,
      ),
      deleteSubscription: db.prepare(`DELETE FROM notification_subscriptions WHERE id = ? AND ${own()}`),
      template: db.prepare<[string], TemplateRow>(`SELECT * FROM notification_templates WHERE event_type = ? AND ${own()}`),
      saveTemplate: db.prepare(
        `INSERT INTO notification_templates (tenant, event_type, subject, body, updated_at) VALUES (${NEW_TENANT}, @eventType, @subject, @body, @updatedAt)
         ON CONFLICT (tenant, event_type) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
      ),
      templates: db.prepare<[], TemplateRow>(`SELECT * FROM notification_templates WHERE ${own()} ORDER BY event_type`),
      insertNotification: db.prepare(
        `INSERT INTO notifications (id, tenant, event_type, channel_id, channel_kind, recipient, subject, body, payload, status, attempts, next_attempt_at, created_at, sent_at)
         VALUES (@id, ${NEW_TENANT}, @eventType, @channelId, @channelKind, @recipient, @subject, @body, @payload, @status, 0, @createdAt, @createdAt, @sentAt)`,
      ),
      notification: db.prepare<[string], NotificationRow>(`SELECT * FROM notifications WHERE id = ? AND ${own()}`),
      unread: db.prepare<[string], { count: number }>(
        `SELECT count(*) AS count FROM notifications WHERE recipient = ? AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`,
      ),
      markAllRead: db.prepare(
        `UPDATE notifications SET read_at = ? WHERE recipient = ? AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`,
      ),
      markRead: db.prepare(
        `UPDATE notifications SET read_at = ? WHERE id = ? AND recipient = ? AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`,
      ),
      claim: db.prepare<[string, string, string, string, number], NotificationRow>(
        `UPDATE notifications SET status = 'processing', attempts = attempts + 1, lease_until = ?, claim = ?
         WHERE id IN (SELECT id FROM notifications WHERE ${dueCondition('?')} AND ${own()} ORDER BY next_attempt_at, id LIMIT ?)
         RETURNING *`,
      ),
      anyDue: db.prepare<[string, string], { one: number }>(
        `SELECT 1 AS one FROM notifications WHERE ${dueCondition('?')} AND ${own()} LIMIT 1`,
      ),
      markSent: db.prepare(
        `UPDATE notifications SET status = 'sent', sent_at = ?, lease_until = NULL, claim = NULL, last_error = NULL
         WHERE id = ? AND claim = ? AND status = 'processing' AND ${own()}`,
      ),
      markFailed: db.prepare<[string, string, string, string, string], NotificationRow>(
        `UPDATE notifications SET status = ?, last_error = ?, next_attempt_at = ?, lease_until = NULL, claim = NULL
         WHERE id = ? AND claim = ? AND status = 'processing' AND ${own()} RETURNING *`,
      ),
      setStatus: db.prepare<[string, number | null, string, string, string], NotificationRow>(
        `UPDATE notifications SET status = ?, attempts = coalesce(?, attempts), next_attempt_at = ? WHERE id = ? AND status = ? AND ${own()} RETURNING *`,
      ),
    };
  }

  private record(action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string): void {
    this.audit.record({ actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  insertChannel(channel: ChannelRecord): void {
    this.db.transaction(() => {
      this.s.insertChannel.run({ ...channel, config: JSON.stringify(channel.config) });
      this.record('notification.channel.create', 'notification_channel', channel.id, null, auditedChannel(channel), channel.createdAt);
    })();
  }

  channel(id: string): ChannelRecord | undefined {
    const row = this.s.channel.get(id);
    return row && toChannelRecord(row, sqliteColumns);
  }

  channels(): ChannelRecord[] {
    return this.s.channels.all().map((row) => toChannelRecord(row, sqliteColumns));
  }

  removeChannel(id: string, at: string): boolean {
    return this.db.transaction(() => {
      const before = this.channel(id);
      if (!before) return false;
      this.s.removeSubscriptionsOf.run(id);
      this.s.removeChannel.run(id);
      this.record('notification.channel.remove', 'notification_channel', id, auditedChannel(before), null, at);
      return true;
    })();
  }

  insertSubscription(subscription: SubscriptionRecord): void {
    this.db.transaction(() => {
      this.s.insertSubscription.run(subscription);
      const { tenant: _tenant, ...audited } = subscription;
      this.record('notification.subscribe', 'notification_subscription', subscription.id, null, audited, subscription.createdAt);
    })();
  }

  subscriptions(eventType?: string): SubscriptionRecord[] {
    return (eventType ? this.s.subscriptionsOf.all(eventType) : this.s.subscriptions.all()).map(toSubscriptionRecord);
  }

  deleteSubscription(id: string, at: string): boolean {
    return this.db.transaction(() => {
      const before = this.s.subscription.get(id);
      if (!before) return false;
      this.s.deleteSubscription.run(id);
      const { tenant: _tenant, ...audited } = toSubscriptionRecord(before);
      this.record('notification.unsubscribe', 'notification_subscription', id, audited, null, at);
      return true;
    })();
  }

  saveTemplate(template: TemplateRecord): void {
    this.db.transaction(() => {
      const before = this.s.template.get(template.eventType);
      this.s.saveTemplate.run(template);
      this.record(
        'notification.template.save',
        'notification_template',
        template.eventType,
        before ? { subject: before.subject, body: before.body } : null,
        { subject: template.subject, body: template.body },
        template.updatedAt,
      );
    })();
  }

  templates(): TemplateRecord[] {
    return this.s.templates.all().map(toTemplateRecord);
  }

  insertNotifications(notifications: readonly NewNotification[]): void {
    this.db.transaction(() => {
      for (const n of notifications) {
        this.s.insertNotification.run({
          ...n,
          payload: JSON.stringify(n.payload),
          sentAt: n.status === 'sent' ? n.createdAt : null,
        });
      }
    })();
  }

  notification(id: string): NotificationRecord | undefined {
    const row = this.s.notification.get(id);
    return row && toNotification(row);
  }

  notifications(filter: NotificationFilter = {}): NotificationRecord[] {
    const where = [own()];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      values.push(value);
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.recipient) add('recipient = ?', filter.recipient);
    if (filter.channelKind) add('channel_kind = ?', filter.channelKind);
    values.push(filter.limit ?? 100);
    return this.db
      .prepare<unknown[], NotificationRow>(
        `SELECT * FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(...values)
      .map(toNotification);
  }

  unreadCount(recipient: string): number {
    return this.s.unread.get(recipient)?.count ?? 0;
  }

  markRead(recipient: string, ids: readonly string[] | null, at: string): number {
    return this.db.transaction(() => {
      let changed = 0;
      if (ids === null) changed = this.s.markAllRead.run(at, recipient).changes;
      else for (const id of ids) changed += this.s.markRead.run(at, id, recipient).changes;
      if (changed > 0) this.record('notification.read', 'notification_inbox', recipient, null, { marked: changed, ids: ids ?? 'all' }, at);
      return changed;
    })();
  }

  claimDue(now: string, leaseUntil: string, claim: string, limit: number): NotificationRecord[] {
    // Most looks find nothing due: they take no write lock then (the CLI beside the app never waits for one).
    if (!this.s.anyDue.get(now, now)) return [];
    return this.db.transaction(() => this.s.claim.all(leaseUntil, claim, now, now, limit).map(toNotification)).immediate();
  }

  markSent(id: string, claim: string, at: string): boolean {
    return this.s.markSent.run(at, id, claim).changes === 1;
  }

  markFailed(id: string, claim: string, error: string, retryAt: string | null, at: string): NotificationRecord | undefined {
    return this.db
      .transaction(() => {
        const row = this.s.markFailed.get(retryAt ? 'pending' : 'dead', error, retryAt ?? at, id, claim);
        if (!row) return undefined;
        const record = toNotification(row);
        if (!retryAt) this.record('notification.dead_letter', 'notification', id, null, auditedNotification(record), at);
        return record;
      })
      .immediate();
  }

  retryDead(id: string, at: string): NotificationRecord | undefined {
    return this.db.transaction(() => {
      const row = this.s.setStatus.get('pending', 0, at, id, 'dead');
      if (!row) return undefined;
      const record = toNotification(row);
      this.record('notification.retry', 'notification', id, { status: 'dead' }, auditedNotification(record), at);
      return record;
    })();
  }

  discardDead(id: string, at: string): NotificationRecord | undefined {
    return this.db.transaction(() => {
      const before = this.s.notification.get(id);
      const row = this.s.setStatus.get('discarded', null, before?.next_attempt_at ?? at, id, 'dead');
      if (!row) return undefined;
      const record = toNotification(row);
      this.record('notification.discard', 'notification', id, { status: 'dead' }, auditedNotification(record), at);
      return record;
    })();
  }
}

import type {
  ChannelRecord,
  NewNotification,
  NotificationFilter,
  NotificationRecord,
  SubscriptionRecord,
  TemplateRecord,
} from '../ports/notification-records.js';
import { postgresColumns } from '../rows/decode.js';
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
} from '../rows/notification-rows.js';
import { own } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

const toNotification = (row: NotificationRow) => toNotificationRecord(row, postgresColumns);

/**
 * The notification gateway's records on PostgreSQL. A claim is one `UPDATE … RETURNING` over a
 * `SELECT … FOR UPDATE SKIP LOCKED`: workers of several processes claiming at once each lock
 * different due rows, so a row goes to exactly one of them.
 */
export class PgNotificationRepository {
  constructor(private readonly actor: string) {}

  private record(sql: Sql, action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string) {
    return recordAudit(sql, { actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  async insertChannel(sql: Sql, channel: ChannelRecord): Promise<void> {
    await sql.run(
      `INSERT INTO notification_channels (id, name, kind, config, secret_ref, created_at, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
      [channel.id, channel.name, channel.kind, json(channel.config), channel.secretRef, channel.createdAt, channel.createdBy],
    );
    await this.record(
      sql,
      'notification.channel.create',
      'notification_channel',
      channel.id,
      null,
      auditedChannel(channel),
      channel.createdAt,
    );
  }

  async channel(sql: Sql, id: string): Promise<ChannelRecord | undefined> {
    const row = await sql.row<ChannelRow>(`SELECT * FROM notification_channels WHERE id = $1 AND ${own()}`, [id]);
    return row && toChannelRecord(row, postgresColumns);
  }

  async channels(sql: Sql): Promise<ChannelRecord[]> {
    const rows = await sql.rows<ChannelRow>(`SELECT * FROM notification_channels WHERE ${own()} ORDER BY name`);
    return rows.map((row) => toChannelRecord(row, postgresColumns));
  }

  async removeChannel(sql: Sql, id: string, at: string): Promise<boolean> {
    const before = await this.channel(sql, id);
    if (!before) return false;
    await sql.run(`DELETE FROM notification_subscriptions WHERE channel_id = $1 AND ${own()}`, [id]);
    await sql.run(`DELETE FROM notification_channels WHERE id = $1 AND ${own()}`, [id]);
    await this.record(sql, 'notification.channel.remove', 'notification_channel', id, auditedChannel(before), null, at);
    return true;
  }

  async insertSubscription(sql: Sql, s: SubscriptionRecord): Promise<void> {
    await sql.run(
      `INSERT INTO notification_subscriptions (id, event_type, channel_id, recipient, environment, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.eventType, s.channelId, s.recipient, s.environment, s.createdAt, s.createdBy],
    );
    const { tenant: _tenant, ...audited } = s;
    await this.record(sql, 'notification.subscribe', 'notification_subscription', s.id, null, audited, s.createdAt);
  }

  async subscriptions(sql: Sql, eventType?: string): Promise<SubscriptionRecord[]> {
    const rows = eventType
      ? await sql.rows<SubscriptionRow>(
          `SELECT * FROM notification_subscriptions WHERE event_type = $1 AND ${own()} ORDER BY created_at, id`,
          [eventType],
        )
      : await sql.rows<SubscriptionRow>(`SELECT * FROM notification_subscriptions WHERE ${own()} ORDER BY created_at, id`);
    return rows.map(toSubscriptionRecord);
  }

  async deleteSubscription(sql: Sql, id: string, at: string): Promise<boolean> {
    const row = await sql.row<SubscriptionRow>(`DELETE FROM notification_subscriptions WHERE id = $1 AND ${own()} RETURNING *`, [id]);
    if (!row) return false;
    const { tenant: _tenant, ...audited } = toSubscriptionRecord(row);
    await this.record(sql, 'notification.unsubscribe', 'notification_subscription', id, audited, null, at);
    return true;
  }

  async saveTemplate(sql: Sql, t: TemplateRecord): Promise<void> {
    const before = await sql.row<TemplateRow>(`SELECT * FROM notification_templates WHERE event_type = $1 AND ${own()} FOR UPDATE`, [
      t.eventType,
    ]);
    await sql.run(
      `INSERT INTO notification_templates (event_type, subject, body, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant, event_type) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
      [t.eventType, t.subject, t.body, t.updatedAt],
    );
    await this.record(
      sql,
      'notification.template.save',
      'notification_template',
      t.eventType,
      before ? { subject: before.subject, body: before.body } : null,
      { subject: t.subject, body: t.body },
      t.updatedAt,
    );
  }

  async templates(sql: Sql): Promise<TemplateRecord[]> {
    return (await sql.rows<TemplateRow>(`SELECT * FROM notification_templates WHERE ${own()} ORDER BY event_type`)).map(toTemplateRecord);
  }

  async insertNotifications(sql: Sql, notifications: readonly NewNotification[]): Promise<void> {
    for (const n of notifications) {
      await sql.run(
        `INSERT INTO notifications (id, event_type, channel_id, channel_kind, recipient, subject, body, payload, status, attempts, next_attempt_at, created_at, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, 0, $10, $10, $11)`,
        [
          n.id,
          n.eventType,
          n.channelId,
          n.channelKind,
          n.recipient,
          n.subject,
          n.body,
          json(n.payload),
          n.status,
          n.createdAt,
          n.status === 'sent' ? n.createdAt : null,
        ],
      );
    }
  }

  async notification(sql: Sql, id: string): Promise<NotificationRecord | undefined> {
    const row = await sql.row<NotificationRow>(`SELECT * FROM notifications WHERE id = $1 AND ${own()}`, [id]);
    return row && toNotification(row);
  }

  async notifications(sql: Sql, filter: NotificationFilter = {}): Promise<NotificationRecord[]> {
    const where = [own()];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(clause.replace('?', `$${values.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.recipient) add('recipient = ?', filter.recipient);
    if (filter.channelKind) add('channel_kind = ?', filter.channelKind);
    values.push(filter.limit ?? 100);
    const rows = await sql.rows<NotificationRow>(
      `SELECT * FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toNotification);
  }

  async unreadCount(sql: Sql, recipient: string): Promise<number> {
    const row = await sql.row<{ count: string }>(
      `SELECT count(*) AS count FROM notifications WHERE recipient = $1 AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`,
      [recipient],
    );
    return Number(row?.count ?? 0);
  }

  async markRead(sql: Sql, recipient: string, ids: readonly string[] | null, at: string): Promise<number> {
    const changed = await this.markReadRows(sql, recipient, ids, at);
    if (changed > 0)
      await this.record(sql, 'notification.read', 'notification_inbox', recipient, null, { marked: changed, ids: ids ?? 'all' }, at);
    return changed;
  }

  private markReadRows(sql: Sql, recipient: string, ids: readonly string[] | null, at: string): Promise<number> {
    return ids === null
      ? sql.run(`UPDATE notifications SET read_at = $1 WHERE recipient = $2 AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`, [
          at,
          recipient,
        ])
      : sql.run(
          `UPDATE notifications SET read_at = $1 WHERE id = ANY($3::text[]) AND recipient = $2 AND channel_kind = 'in-app' AND read_at IS NULL AND ${own()}`,
          [at, recipient, [...ids]],
        );
  }

  async claimDue(sql: Sql, now: string, leaseUntil: string, claim: string, limit: number): Promise<NotificationRecord[]> {
    // The due rows are picked (and locked) exactly once, in a materialised CTE: a subquery in the
    // UPDATE's join may be scanned again, locking rows it then does not return.
    const rows = await sql.rows<NotificationRow>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM notifications WHERE ${dueCondition('$1::timestamptz')} AND ${own()}
         ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED
       )
       UPDATE notifications n SET status = 'processing', attempts = n.attempts + 1, lease_until = $2, claim = $3
       FROM due WHERE n.id = due.id RETURNING n.*`,
      [now, leaseUntil, claim, limit],
    );
    return rows.map(toNotification);
  }

  async markSent(sql: Sql, id: string, claim: string, at: string): Promise<boolean> {
    const changed = await sql.run(
      `UPDATE notifications SET status = 'sent', sent_at = $3, lease_until = NULL, claim = NULL, last_error = NULL
       WHERE id = $1 AND claim = $2 AND status = 'processing' AND ${own()}`,
      [id, claim, at],
    );
    return changed === 1;
  }

  async markFailed(
    sql: Sql,
    id: string,
    claim: string,
    error: string,
    retryAt: string | null,
    at: string,
  ): Promise<NotificationRecord | undefined> {
    const row = await sql.row<NotificationRow>(
      `UPDATE notifications SET status = $3, last_error = $4, next_attempt_at = $5, lease_until = NULL, claim = NULL
       WHERE id = $1 AND claim = $2 AND status = 'processing' AND ${own()} RETURNING *`,
      [id, claim, retryAt ? 'pending' : 'dead', error, retryAt ?? at],
    );
    if (!row) return undefined;
    const record = toNotification(row);
    if (!retryAt) await this.record(sql, 'notification.dead_letter', 'notification', id, null, auditedNotification(record), at);
    return record;
  }

  async retryDead(sql: Sql, id: string, at: string): Promise<NotificationRecord | undefined> {
    const row = await sql.row<NotificationRow>(
      `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1 AND status = 'dead' AND ${own()} RETURNING *`,
      [id, at],
    );
    if (!row) return undefined;
    const record = toNotification(row);
    await this.record(sql, 'notification.retry', 'notification', id, { status: 'dead' }, auditedNotification(record), at);
    return record;
  }

  async discardDead(sql: Sql, id: string, at: string): Promise<NotificationRecord | undefined> {
    const row = await sql.row<NotificationRow>(
      `UPDATE notifications SET status = 'discarded' WHERE id = $1 AND status = 'dead' AND ${own()} RETURNING *`,
      [id],
    );
    if (!row) return undefined;
    const record = toNotification(row);
    await this.record(sql, 'notification.discard', 'notification', id, { status: 'dead' }, auditedNotification(record), at);
    return record;
  }
}

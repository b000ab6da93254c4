import type { ColumnDecoder, JsonColumn } from './decode.js';
import type {
  ChannelRecord,
  NotificationEventType,
  NotificationRecord,
  NotificationStatus,
  SubscriptionRecord,
  TemplateRecord,
} from '../ports/notification-records.js';

/** A `notification_channels` row. */
export interface ChannelRow {
  id: string;
  tenant: string;
  name: string;
  kind: ChannelRecord['kind'];
  config: JsonColumn;
  secret_ref: string | null;
  created_at: string;
  created_by: string;
}

/** A `notification_subscriptions` row. */
export interface SubscriptionRow {
  id: string;
  tenant: string;
  event_type: string;
  channel_id: string;
  recipient: string | null;
  environment: string | null;
  created_at: string;
  created_by: string;
}

/** A `notification_templates` row. */
export interface TemplateRow {
  event_type: string;
  subject: string;
  body: string;
  updated_at: string;
}

/** A `notifications` row. */
export interface NotificationRow {
  id: string;
  tenant: string;
  event_type: string;
  channel_id: string | null;
  channel_kind: ChannelRecord['kind'];
  recipient: string | null;
  subject: string;
  body: string;
  payload: JsonColumn;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  claim: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  read_at: string | null;
}

/** A channel row as a record. */
export function toChannelRecord(row: ChannelRow, columns: ColumnDecoder): ChannelRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    kind: row.kind,
    config: columns.json(row.config),
    secretRef: row.secret_ref,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** A subscription row as a record. */
export function toSubscriptionRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    eventType: row.event_type as NotificationEventType,
    channelId: row.channel_id,
    recipient: row.recipient,
    environment: row.environment,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** A template row as a record. */
export function toTemplateRecord(row: TemplateRow): TemplateRecord {
  return { eventType: row.event_type as NotificationEventType, subject: row.subject, body: row.body, updatedAt: row.updated_at };
}

/** A notification row as a record. */
export function toNotificationRecord(row: NotificationRow, columns: ColumnDecoder): NotificationRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    eventType: row.event_type as NotificationEventType,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    payload: columns.json(row.payload),
    status: row.status as NotificationStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    claim: row.claim,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    readAt: row.read_at,
  };
}

/** What the audit log keeps of a notification: never its body's payload, only where it is. */
export function auditedNotification(record: NotificationRecord): Record<string, unknown> {
  return {
    eventType: record.eventType,
    channelId: record.channelId,
    channelKind: record.channelKind,
    recipient: record.recipient,
    status: record.status,
    attempts: record.attempts,
    lastError: record.lastError,
  };
}

/** The due-row condition of a claim, the same for both stores (`now` is the parameter text). */
export function dueCondition(now: string): string {
  return `((status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'processing' AND lease_until <= ${now}))`;
}

/** What the audit log keeps of a channel: its settings, never a secret (only whether one is set). */
export function auditedChannel(channel: ChannelRecord): Record<string, unknown> {
  return { name: channel.name, kind: channel.kind, config: channel.config, hasSecret: channel.secretRef !== null };
}

import { randomUUID } from 'node:crypto';
import { runAsEngineWork, runAsTenantWork } from '../context/tenant-scope.js';
import { discardLogger, type Logger } from '../logging/logger.js';
import type { SecretService } from '../resolvers/secret/secret-service.js';
import type { EmailChannelConfig, NotificationRecord, WebhookChannelConfig } from '../store/ports/notification-records.js';
import type { StorePort } from '../store/ports/store-port.js';
import { sendEmail } from './email-transport.js';
import { queueNotifications } from './notification-service.js';
import { htmlBody } from './templates.js';
import { postWebhook } from './webhook-delivery.js';

/** How many attempts a notification gets before it becomes a dead letter. */
export const MAX_ATTEMPTS = 5;

/** How a delivery worker paces itself. */
export interface DeliveryOptions {
  /** The backoff unit: after attempt n fails, the next waits 2^n units (default one minute; NIMBUS_NOTIFY_BACKOFF_MS). */
  backoffMs?: number;
  /** How long a claimed row stays this worker's; after it, another worker may claim it again (default 5 minutes). */
  leaseMs?: number;
  /** How often to look for due notifications (default 1 s). */
  pollMs?: number;
  /** How many rows one claim takes (default 20). */
  batch?: number;
  /** How many sends run at once (default 8). */
  concurrency?: number;
}

/** The backoff unit from NIMBUS_NOTIFY_BACKOFF_MS, when it is a whole number of milliseconds. */
export function backoffFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.NIMBUS_NOTIFY_BACKOFF_MS;
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Sends due notifications: claims them (atomically, so several workers of several processes never
 * send one twice), sends each over its channel, and records the outcome — sent; pending again after
 * 2^attempt backoff units; or after {@link MAX_ATTEMPTS} a dead letter, in the same unit of work as
 * the `notification.dead_letter` notifications to whoever subscribed to them. A row claimed by a
 * worker that died is claimed again once its lease expires.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly backoffMs: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private readonly counts = { sent: 0, failed: 0 };

  constructor(
    private readonly store: StorePort,
    private readonly secrets: () => SecretService,
    private readonly logger: Logger = discardLogger,
    options: DeliveryOptions = {},
  ) {
    this.backoffMs = options.backoffMs ?? backoffFromEnv() ?? 60_000;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batch = options.batch ?? 20;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Starts looking for due notifications every `pollMs`. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for due notifications now (something was just queued); a pass already running looks once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn('notification_delivery_failed', `Looking for due notifications failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Delivers everything due now, pass after pass until nothing is left; resolves with how many were attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopped) return total;
      const count = await this.runOnce();
      total += count;
      if (count === 0) return total;
    }
  }

  /** One claim and its sends; resolves with how many rows it claimed. */
  async runOnce(): Promise<number> {
    const now = Date.now();
    const claim = randomUUID();
    const rows = await runAsEngineWork('notifications', () =>
      this.store.notifications.claimDue(new Date(now).toISOString(), new Date(now + this.leaseMs).toISOString(), claim, this.batch),
    );
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        await runAsTenantWork(row.tenant, 'notifications', () => this.deliver(row, claim));
      }
    });
    await Promise.all(lanes);
    return rows.length;
  }

  /** How many sends this worker made and how many failed since it started (for metrics and tests). */
  stats(): { sent: number; failed: number } {
    return { ...this.counts };
  }

  /** Stops looking and waits for the sends under way. */
  async dispose(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async deliver(row: NotificationRecord, claim: string): Promise<void> {
    if (row.attempts > MAX_ATTEMPTS) {
      // Claimed again after the worker of its last attempt stopped: no sixth attempt, a dead letter.
      this.counts.failed += 1;
      await this.fail(row, claim, row.lastError ?? 'The worker making its last attempt stopped before it finished');
      return;
    }
    const secrets: string[] = [];
    try {
      await this.send(row, secrets);
    } catch (error) {
      const message = scrub(error instanceof Error ? error.message : String(error), secrets);
      this.counts.failed += 1;
      await this.fail(row, claim, message);
      return;
    }
    this.counts.sent += 1;
    const marked = await this.store.notifications.markSent(row.id, claim, new Date().toISOString());
    if (!marked)
      this.logger.info('A notification was sent after its lease ran out; another worker may send it again', { notificationId: row.id });
  }

  private async send(row: NotificationRecord, secrets: string[]): Promise<void> {
    const channel = row.channelId ? await this.store.notifications.channel(row.channelId) : undefined;
    if (!channel) throw new Error('Its channel was removed');
    const reveal = async (): Promise<string | null> => {
      if (!channel.secretRef) return null;
      const value = await this.secrets().reveal(channel.secretRef);
      secrets.push(value);
      return value;
    };
    if (channel.kind === 'webhook') {
      const secret = await reveal();
      const body = JSON.stringify({
        id: row.id,
        type: row.eventType,
        tenant: row.tenant,
        createdAt: row.createdAt,
        attempt: row.attempts,
        subject: row.subject,
        text: row.body,
        data: row.payload,
      });
      await postWebhook((channel.config as WebhookChannelConfig).url, secret ?? '', body, row.id);
      return;
    }
    if (channel.kind === 'email') {
      if (!row.recipient) throw new Error('An email notification without a recipient');
      await sendEmail(channel.config as EmailChannelConfig, await reveal(), {
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        html: htmlBody(row.body),
        messageId: row.id,
      });
      return;
    }
    throw new Error(`Channel kind ${channel.kind} is not delivered by workers`);
  }

  /** Records a failed attempt: pending again after its backoff, or a dead letter (and its notifications) in one unit. */
  private async fail(row: NotificationRecord, claim: string, message: string): Promise<void> {
    const dead = row.attempts >= MAX_ATTEMPTS;
    const now = Date.now();
    const retryAt = dead ? null : new Date(now + 2 ** row.attempts * this.backoffMs).toISOString();
    this.logger.warn(
      'notification_delivery_failed',
      `Notification ${row.id} (${row.channelKind}) failed attempt ${row.attempts}: ${message}`,
      {
        notificationId: row.id,
        attempt: row.attempts,
        deadLetter: dead,
      },
    );
    await this.store.unitOfWork(async (tx) => {
      const record = await tx.notifications.markFailed(row.id, claim, message, retryAt, new Date(now).toISOString());
      // A dead letter about a dead letter is not announced again (no loop).
      if (!record || !dead || row.eventType === 'notification.dead_letter') return;
      const channel = row.channelId ? await tx.notifications.channel(row.channelId) : undefined;
      await queueNotifications(tx, {
        type: 'notification.dead_letter',
        values: {
          notificationId: row.id,
          failedEventType: row.eventType,
          channel: channel?.name ?? row.channelKind,
          recipient: row.recipient ?? channel?.name ?? '',
          attempts: row.attempts,
          error: message,
        },
        data: { notificationId: row.id, eventType: row.eventType },
      });
    });
  }
}

/** An error message with every secret used for the attempt blanked, and bounded in length. */
function scrub(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[secret]');
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

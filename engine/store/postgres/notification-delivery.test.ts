import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import { createEngine, type Engine } from '../../engine.js';
import { startWebhookReceiver } from '../../test-support/notification-receivers.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import type { NewNotification } from '../ports/notification-records.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

const asAnn = <T>(work: () => Promise<T>) =>
  runInRequest({ requestId: 'test', actor: 'ann', tenant: 'default', clientAddress: null }, work);

describe('notification delivery by several server processes on PostgreSQL', () => {
  it('delivers each of 1,000 notifications exactly once with two engines sending at the same time', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const receiver = await startWebhookReceiver();
    const secretKey = () => 'ef'.repeat(32);
    const engines: Engine[] = [];
    try {
      const options = { notifications: { deliver: true, pollMs: 10, batch: 5, backoffMs: 10 }, secretKey };
      for (const name of ['a', 'b'])
        engines.push(await createEngine({ dataDir: path.join(temp.dir, name), store: await openPostgresStore(database.url), ...options }));
      // A process started with --workers 0 serves but never sends.
      const servingOnly = await createEngine({
        dataDir: path.join(temp.dir, 'c'),
        store: await openPostgresStore(database.url),
        notifications: { deliver: false },
        secretKey,
      });
      engines.push(servingOnly);
      expect(servingOnly.notificationDelivery).toBeUndefined();
      const [a, b] = engines as [Engine, Engine];
      const { channel } = await asAnn(() =>
        a.notifications.createChannel({ name: 'hook', webhook: { url: receiver.url } }, { id: 'ann', manager: true }),
      );

      const rows: NewNotification[] = Array.from({ length: 1000 }, (_, n) => ({
        id: randomUUID(),
        eventType: 'deploy.succeeded',
        channelId: channel.id,
        channelKind: 'webhook',
        recipient: null,
        subject: `Deploy ${n}`,
        body: `Deploy ${n} succeeded`,
        payload: { n },
        status: 'pending',
        createdAt: new Date().toISOString(),
      }));
      // Queued from the process that sends nothing, in chunks while the other two are already looking.
      for (let start = 0; start < rows.length; start += 100)
        await asAnn(() => servingOnly.store.notifications.insertNotifications(rows.slice(start, start + 100)));

      // Besides each engine's own loop, three more claimers per engine: claims of both processes overlap all the time.
      await Promise.all([a, b].flatMap((engine) => [1, 2, 3].map(() => engine.notificationDelivery!.drain())));
      await until(() => receiver.deliveries.length >= 1000 || undefined, '1,000 webhooks arrived', { timeoutMs: 60_000, intervalMs: 50 });
      const sent = await until(
        async () => {
          const rowsSent = await asAnn(() => a.store.notifications.notifications({ status: 'sent', limit: 1000 }));
          return rowsSent.length === 1000 ? rowsSent : undefined;
        },
        'every notification is marked sent',
        { timeoutMs: 10_000 },
      );
      expect(sent.every((row) => row.attempts === 1)).toBe(true);
      // A moment for any second send to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = receiver.deliveries.map((d) => String(d.headers['x-nimbus-delivery']));
      expect(ids).toHaveLength(1000);
      expect(new Set(ids)).toEqual(new Set(rows.map((row) => row.id)));
      const [statsA, statsB] = [a.notificationDelivery!.stats(), b.notificationDelivery!.stats()];
      expect(statsA.sent + statsB.sent).toBe(1000);
      // Both processes took part: the claims really ran side by side.
      expect(statsA.sent).toBeGreaterThan(0);
      expect(statsB.sent).toBeGreaterThan(0);
    } finally {
      for (const engine of engines) await engine.dispose();
      await receiver.close();
      temp.remove();
      await database.drop();
    }
  }, 120_000);
});

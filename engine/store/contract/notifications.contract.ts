import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { ChannelRecord, NewNotification } from '../ports/notification-records.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

function channel(name: string, kind: ChannelRecord['kind'] = 'webhook'): ChannelRecord {
  return {
    id: randomUUID(),
    tenant: 'default',
    name,
    kind,
    config: kind === 'webhook' ? { url: 'https://hooks.example.com/x' } : {},
    secretRef: 'secret://not-the-secret-itself',
    createdAt: at(),
    createdBy: 'ann',
  };
}

function notification(overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    id: randomUUID(),
    eventType: 'deploy.failed',
    channelId: 'c1',
    channelKind: 'webhook',
    recipient: null,
    subject: 'Deploy failed',
    body: 'It failed',
    payload: { jobId: 'j1' },
    status: 'pending',
    createdAt: at(-1000),
    ...overrides,
  };
}

/** The notification gateway's records: channels, subscriptions, templates, the in-app bell, atomic claims and dead letters. */
export function notificationsContract(factory: StoreFactory): void {
  describe('notifications', () => {
    const store = useStore(factory);
    const engine = <T>(work: () => Promise<T>) => runAsEngineWork('test', work);

    it('keeps channels and removes a channel with its subscriptions, audited without secrets', async () => {
      const hook = channel('team-hook');
      await store().notifications.insertChannel(hook);
      await store().notifications.insertSubscription({
        id: 's1',
        tenant: 'default',
        eventType: 'deploy.failed',
        channelId: hook.id,
        recipient: null,
        environment: 'prod',
        createdAt: at(),
        createdBy: 'ann',
      });
      expect(await store().notifications.channels()).toEqual([
        expect.objectContaining({ id: hook.id, name: 'team-hook', config: hook.config }),
      ]);
      expect(await store().notifications.subscriptions('deploy.failed')).toEqual([
        expect.objectContaining({ id: 's1', channelId: hook.id, environment: 'prod' }),
      ]);
      expect(await store().notifications.subscriptions('drift.found')).toEqual([]);
      expect(await store().notifications.removeChannel(hook.id, at())).toBe(true);
      expect(await store().notifications.removeChannel(hook.id, at())).toBe(false);
      expect(await store().notifications.channels()).toEqual([]);
      expect(await store().notifications.subscriptions()).toEqual([]);
      const audit = await store().audit.history('notification_channel', hook.id);
      expect(audit.map((row) => row.action)).toEqual(['notification.channel.create', 'notification.channel.remove']);
      expect(JSON.stringify(audit)).not.toContain('not-the-secret-itself');
    });

    it('refuses a second channel of the same name in a tenant', async () => {
      await store().notifications.insertChannel(channel('dup'));
      await expect(store().notifications.insertChannel(channel('dup'))).rejects.toThrow();
      await asTenant('other', () => store().notifications.insertChannel(channel('dup')));
    });

    it('saves one template per event type, audited with the old text', async () => {
      await store().notifications.saveTemplate({ eventType: 'drift.found', subject: 'a', body: 'b', updatedAt: at() });
      await store().notifications.saveTemplate({ eventType: 'drift.found', subject: 'c', body: 'd', updatedAt: at() });
      expect(await store().notifications.templates()).toEqual([
        expect.objectContaining({ eventType: 'drift.found', subject: 'c', body: 'd' }),
      ]);
      const audit = await store().audit.history('notification_template', 'drift.found');
      expect(audit[1]).toMatchObject({ oldValue: { subject: 'a', body: 'b' }, newValue: { subject: 'c', body: 'd' } });
    });

    it("counts and marks read a user's in-app notifications, never another user's", async () => {
      const mine = notification({ channelKind: 'in-app', channelId: null, recipient: 'ann', status: 'sent' });
      const theirs = notification({ channelKind: 'in-app', channelId: null, recipient: 'bob', status: 'sent' });
      await store().notifications.insertNotifications([
        mine,
        theirs,
        notification({ channelKind: 'in-app', channelId: null, recipient: 'ann', status: 'sent' }),
      ]);
      expect(await store().notifications.unreadCount('ann')).toBe(2);
      expect(await store().notifications.markRead('ann', [theirs.id, mine.id], at())).toBe(1);
      expect(await store().notifications.unreadCount('ann')).toBe(1);
      expect(await store().notifications.unreadCount('bob')).toBe(1);
      expect(await store().notifications.markRead('ann', null, at())).toBe(1);
      expect(await store().notifications.unreadCount('ann')).toBe(0);
      expect((await store().audit.history('notification_inbox', 'ann')).map((row) => row.newValue)).toEqual([
        { marked: 1, ids: [theirs.id, mine.id] },
        { marked: 1, ids: 'all' },
      ]);
      expect((await store().notifications.notification(mine.id))?.sentAt).not.toBeNull();
      expect((await store().notifications.notifications({ recipient: 'bob' })).map((n) => n.id)).toEqual([theirs.id]);
    });

    it('claims a due row once, counting the attempt, and only the holder of the claim settles it', async () => {
      const due = notification();
      const later = notification({ createdAt: at(60_000) });
      await store().notifications.insertNotifications([due, later]);
      const claimed = await engine(() => store().notifications.claimDue(at(), at(60_000), 'w1', 10));
      expect(claimed.map((n) => [n.id, n.status, n.attempts, n.claim])).toEqual([[due.id, 'processing', 1, 'w1']]);
      expect(await engine(() => store().notifications.claimDue(at(), at(60_000), 'w2', 10))).toEqual([]);
      expect(await store().notifications.markSent(due.id, 'w2', at())).toBe(false);
      expect(await store().notifications.markSent(due.id, 'w1', at())).toBe(true);
      expect(await store().notifications.notification(due.id)).toMatchObject({ status: 'sent', claim: null, attempts: 1 });
      expect(await store().notifications.markSent(due.id, 'w1', at())).toBe(false);
    });

    it('claims a row again once the lease of a worker that died has expired', async () => {
      const row = notification();
      await store().notifications.insertNotifications([row]);
      await engine(() => store().notifications.claimDue(at(), at(-1), 'dead-worker', 10));
      const again = await engine(() => store().notifications.claimDue(at(), at(60_000), 'w2', 10));
      expect(again).toEqual([expect.objectContaining({ id: row.id, attempts: 2, claim: 'w2' })]);
      expect(await store().notifications.markFailed(row.id, 'dead-worker', 'late', null, at())).toBeUndefined();
      expect(await store().notifications.markSent(row.id, 'w2', at())).toBe(true);
    });

    it('puts a failed row back with its next attempt, and makes a dead letter audited; retry and discard only dead letters', async () => {
      const row = notification();
      await store().notifications.insertNotifications([row]);
      await engine(() => store().notifications.claimDue(at(), at(60_000), 'w', 1));
      const retryAt = at(120_000);
      expect(await store().notifications.markFailed(row.id, 'w', 'refused', retryAt, at())).toMatchObject({
        status: 'pending',
        lastError: 'refused',
        nextAttemptAt: retryAt,
      });
      expect(await engine(() => store().notifications.claimDue(at(), at(60_000), 'w', 1))).toEqual([]);
      expect(await engine(() => store().notifications.claimDue(at(180_000), at(240_000), 'w2', 1))).toHaveLength(1);
      expect(await store().notifications.retryDead(row.id, at())).toBeUndefined();
      expect(await store().notifications.markFailed(row.id, 'w2', 'still refused', null, at())).toMatchObject({
        status: 'dead',
        attempts: 2,
      });
      expect((await store().notifications.notifications({ status: 'dead' })).map((n) => n.id)).toEqual([row.id]);
      expect(await store().notifications.retryDead(row.id, at())).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await store().notifications.discardDead(row.id, at())).toBeUndefined();
      await engine(() => store().notifications.claimDue(at(), at(60_000), 'w3', 1));
      await store().notifications.markFailed(row.id, 'w3', 'gone', null, at());
      expect(await store().notifications.discardDead(row.id, at())).toMatchObject({ status: 'discarded', lastError: 'gone' });
      expect(await engine(() => store().notifications.claimDue(at(10 ** 9), at(10 ** 9 + 1), 'w4', 10))).toEqual([]);
      const audit = await store().audit.history('notification', row.id);
      expect(audit.map((a) => a.action)).toEqual([
        'notification.dead_letter',
        'notification.retry',
        'notification.dead_letter',
        'notification.discard',
      ]);
    });

    it('hands each due row to exactly one of many claimers running at once', async () => {
      const rows = Array.from({ length: 120 }, () => notification());
      await store().notifications.insertNotifications(rows);
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, worker) =>
          engine(async () => {
            const mine: string[] = [];
            for (;;) {
              const batch = await store().notifications.claimDue(at(), at(60_000), `w${worker}`, 7);
              if (batch.length === 0) return mine;
              mine.push(...batch.map((n) => n.id));
            }
          }),
        ),
      );
      const all = claims.flat();
      expect(all).toHaveLength(120);
      expect(new Set(all).size).toBe(120);
    });

    it("shows and changes only the current tenant's notifications", async () => {
      const row = notification();
      await asTenant('acme', () => store().notifications.insertNotifications([row]));
      await asTenant('acme', async () => {
        await store().notifications.insertChannel(channel('acme-hook'));
      });
      await asTenant('globex', async () => {
        expect(await store().notifications.notification(row.id)).toBeUndefined();
        expect(await store().notifications.notifications()).toEqual([]);
        expect(await store().notifications.channels()).toEqual([]);
        expect(await store().notifications.claimDue(at(), at(60_000), 'g', 10)).toEqual([]);
      });
      const [claimed] = await engine(() => store().notifications.claimDue(at(), at(60_000), 'w', 10));
      expect(claimed).toMatchObject({ id: row.id, tenant: 'acme' });
      await asTenant('globex', async () => {
        expect(await store().notifications.markFailed(row.id, 'w', 'x', null, at())).toBeUndefined();
      });
      await asTenant('acme', async () => {
        expect(await store().notifications.markFailed(row.id, 'w', 'x', null, at())).toMatchObject({ status: 'dead' });
      });
      await asTenant('globex', async () => {
        expect(await store().notifications.retryDead(row.id, at())).toBeUndefined();
        expect(await store().notifications.discardDead(row.id, at())).toBeUndefined();
      });
    });
  });
}

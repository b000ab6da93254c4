import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInRequest } from '../context/request-context.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { startWebhookReceiver } from '../test-support/notification-receivers.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { until } from '../test-support/until.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);
const json = async <T>(...args: string[]): Promise<T> => {
  const run = await cli(...args, '--json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as T;
};

/** Makes one dead letter on the data directory: an engine that delivers, against a receiver that always fails. */
async function makeDeadLetter(dataDir: string): Promise<void> {
  const test = await createTestEngine({ dataDir, notifications: { deliver: true, backoffMs: 5, pollMs: 10 } });
  try {
    await runInRequest({ requestId: 't', actor: 'local-user', tenant: 'default', clientAddress: null }, () =>
      test.engine.notifications.notify({ type: 'deploy.failed', values: { title: 'Deploy web to dev' } }),
    );
    await until(
      async () => (await test.engine.store.notifications.notifications({ status: 'dead' })).length > 0 || undefined,
      'a dead letter',
      {
        timeoutMs: 10_000,
      },
    );
  } finally {
    await test.dispose();
  }
}

describe('nimbus notify, notifications and dlq', () => {
  it('adds channels, subscribes, lists, and retries or discards dead letters (asking before a discard)', async () => {
    const receiver = await startWebhookReceiver({ status: () => 500 });
    try {
      const added = await cli('notify', 'channel', 'add', 'team-hook', '--webhook', receiver.url);
      expect(added.code, added.err).toBe(0);
      const secret = /whsec_[0-9a-f]{64}/.exec(added.out)?.[0];
      expect(secret).toBeDefined();
      const channels = await json<{ name: string }[]>('notify', 'channel', 'list');
      expect(channels).toEqual([expect.objectContaining({ name: 'team-hook', kind: 'webhook' })]);
      expect(JSON.stringify(channels)).not.toContain(secret);

      expect((await cli('notify', 'subscribe', 'deploy.failed', '--channel', 'team-hook')).code).toBe(0);
      expect((await cli('notify', 'subscribe', 'notification.dead_letter')).code).toBe(0);
      const subscriptions = await json<{ eventType: string; channelId: string }[]>('notify', 'subscriptions');
      expect(subscriptions.map((s) => s.eventType).sort()).toEqual(['deploy.failed', 'notification.dead_letter']);
      const bad = await cli('notify', 'subscribe', 'deploy.exploded');
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('deploy.succeeded, deploy.failed');

      await makeDeadLetter(temp.dir);
      const [dead] = await json<{ id: string; attempts: number; lastError: string }[]>('dlq', 'list');
      expect(dead).toMatchObject({ attempts: 5, lastError: expect.stringContaining('500') });
      expect((await cli('dlq', 'list')).out).toContain(dead!.id);
      const inbox = await cli('notifications', 'inbox');
      expect(inbox.out).toContain('notification.dead_letter');
      expect(inbox.out).toMatch(/^\*/m);
      expect((await cli('notifications', 'read', '--all')).out).toContain('Marked 1 notification read');

      // No terminal to ask on: a discard without --yes is refused and changes nothing.
      const unasked = await cli('dlq', 'discard', dead!.id);
      expect(unasked.code).not.toBe(0);
      expect(unasked.err).toContain('--yes');
      expect(await json('dlq', 'list')).toHaveLength(1);

      expect((await cli('dlq', 'retry', dead!.id)).out).toContain('queued again');
      const listed = await json<{ id: string; status: string }[]>('notifications', 'list', '--kind', 'webhook');
      expect(listed).toEqual([expect.objectContaining({ id: dead!.id, status: 'pending' })]);
      expect((await cli('dlq', 'retry', dead!.id)).err).toContain('not a dead letter');

      expect((await cli('notify', 'channel', 'remove', 'team-hook')).code).not.toBe(0);
      expect((await cli('notify', 'channel', 'remove', 'team-hook', '--yes')).code).toBe(0);
      expect(await json('notify', 'channel', 'list')).toEqual([]);
      expect(await json<unknown[]>('notify', 'subscriptions')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('keeps templates checked and explains a wrong status', async () => {
    const unknown = await cli('notify', 'template', 'set', 'deploy.failed', '--subject', 'Failed: {{titel}}', '--body', 'x');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('{{titel}}');
    expect((await cli('notify', 'template', 'set', 'deploy.failed', '--subject', 'Failed: {{title}}', '--body', '{{error}}')).code).toBe(0);
    expect((await cli('notify', 'template', 'list')).out).toContain('Subject: Failed: {{title}}');
    const status = await cli('notifications', 'list', '--status', 'lost');
    expect(status.err).toContain('pending, processing, sent, dead, discarded');
  });

  it('sends a test notification to those subscribed, and says when nobody is', async () => {
    expect((await cli('notify', 'test', 'drift.found')).out).toContain('Nobody is subscribed to drift.found: nothing was sent');
    expect((await cli('notify', 'subscribe', 'drift.found')).code).toBe(0);
    expect(await json<{ queued: number }>('notify', 'test', 'drift.found')).toEqual({ queued: 1 });
    expect((await cli('notify', 'test', 'deploy.exploded')).code).not.toBe(0);
  });
});

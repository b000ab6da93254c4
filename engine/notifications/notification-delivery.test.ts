import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../api/authorization.js';
import { permissionAuthorizer } from '../api/authorization.js';
import { PERMISSIONS } from '../common/permissions.js';
import { runInRequest } from '../context/request-context.js';
import type { Engine } from '../engine.js';
import { startSmtpReceiver, startWebhookReceiver } from '../test-support/notification-receivers.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { until } from '../test-support/until.js';
import { runAsEngineWork } from '../context/tenant-scope.js';
import { DeliveryWorker, MAX_ATTEMPTS } from './delivery-worker.js';

const ADMIN: Caller = { id: 'ann', tenant: 'default', permissions: new Set(PERMISSIONS) };

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

async function call<T = unknown>(engine: Engine, method: string, input: unknown, caller: Caller = ADMIN): Promise<T> {
  const outcome = (await engine.dispatcher.dispatch(method, input, { caller })) as Outcome;
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function refused(engine: Engine, method: string, input: unknown, caller: Caller = ADMIN) {
  const outcome = (await engine.dispatcher.dispatch(method, input, { caller })) as Outcome;
  if (outcome.ok) throw new Error(`${method} was expected to fail but answered ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

/** Queues an event as the admin's tenant would (the engine's hooks do the same). */
function notify(engine: Engine, event: Parameters<Engine['notifications']['notify']>[0]): Promise<number> {
  return runInRequest({ requestId: 'test', actor: 'ann', tenant: 'default', clientAddress: null }, () =>
    engine.notifications.notify(event),
  );
}

type Row = { id: string; status: string; attempts: number; lastError: string | null; eventType: string; recipient: string | null };

describe('notification delivery over real SMTP and HTTP receivers', () => {
  let test: TestEngine;
  let engine: Engine;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    test = await createTestEngine({
      authorizer: permissionAuthorizer,
      secretKey: () => 'cd'.repeat(32),
      notifications: { deliver: true, backoffMs: 10, pollMs: 20 },
    });
    engine = test.engine;
    await engine.ready;
  });
  afterEach(async () => {
    // The receivers first: the engine's leak check counts every server opened since it was made.
    for (const close of closers.splice(0)) await close();
    await test.dispose();
  });

  it('emails every subscribed recipient with the subject and body of the template, values escaped in HTML, over an authenticated login', async () => {
    const smtp = await startSmtpReceiver({ credentials: { user: 'nimbus', password: 'smtp-pass-7f3a9c' } });
    closers.push(smtp.close);
    await call(engine, 'createNotificationChannel', {
      name: 'ops-mail',
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        tls: 'none',
        from: 'nimbus@example.com',
        username: 'nimbus',
        password: 'smtp-pass-7f3a9c',
      },
    });
    for (const recipient of ['ops@example.com', 'lead@example.com'])
      await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'ops-mail', recipient });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.succeeded', channel: 'ops-mail', recipient: 'happy@example.com' });

    expect(
      await notify(engine, {
        type: 'deploy.failed',
        environment: 'prod',
        values: { title: 'Deploy web to prod', jobId: 'job-1', error: '<script>alert("x")</script> & more' },
      }),
    ).toBe(2);
    await until(() => smtp.messages.length === 2 || undefined, 'both emails arrived', { timeoutMs: 10_000 });
    expect(smtp.messages.map((m) => m.recipients).sort()).toEqual([['lead@example.com'], ['ops@example.com']]);
    for (const message of smtp.messages) {
      expect(message).toMatchObject({ from: 'nimbus@example.com', subject: 'Deploy failed: Deploy web to prod', user: 'nimbus' });
      expect(message.text).toContain('Deploy web to prod failed in prod');
      expect(message.text).toContain('Error: <script>alert("x")</script> & more');
      expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
      expect(message.html).not.toContain('<script>');
    }
    // Marked sent once the SMTP server's answer is back, a moment after the message arrived there.
    const rows = await until(
      async () => {
        const listed = await call<Row[]>(engine, 'listNotifications', {});
        return listed.every((r) => r.status === 'sent') ? listed : undefined;
      },
      'both notifications are marked sent',
      { timeoutMs: 10_000 },
    );
    expect(rows.map((r) => [r.recipient, r.status, r.attempts])).toEqual(
      expect.arrayContaining([
        ['ops@example.com', 'sent', 1],
        ['lead@example.com', 'sent', 1],
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.messages).toHaveLength(2);
  });

  it('posts webhooks signed with the secret shown once, which the receiver verifies', async () => {
    const receiver = await startWebhookReceiver();
    closers.push(receiver.close);
    const created = await call<{ channel: { id: string }; signingSecret: string }>(engine, 'createNotificationChannel', {
      name: 'team-hook',
      webhook: { url: receiver.url },
    });
    expect(created.signingSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await call(engine, 'subscribeNotifications', { eventType: 'drift.found', channel: 'team-hook' });
    await notify(engine, {
      type: 'drift.found',
      environment: 'dev',
      values: { label: 'web', deploymentId: 'd-1' },
      data: { deploymentId: 'd-1' },
    });
    await until(() => receiver.deliveries.length === 1 || undefined, 'the webhook arrived', { timeoutMs: 10_000 });

    const [delivery] = receiver.deliveries;
    const timestamp = String(delivery!.headers['x-nimbus-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    // The receiver's own check, written out from the documented recipe.
    const expected = `sha256=${createHmac('sha256', created.signingSecret).update(`${timestamp}.${delivery!.body}`).digest('hex')}`;
    expect(delivery!.headers['x-nimbus-signature']).toBe(expected);
    expect(delivery!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(delivery!.body) as { type: string; subject: string; data: { data: { deploymentId: string } } };
    expect(body).toMatchObject({
      type: 'drift.found',
      subject: 'Drift found: web',
      data: { environment: 'dev', data: { deploymentId: 'd-1' } },
    });
    // Shown once: no listing, audit entry or log line carries it.
    expect(JSON.stringify(await call(engine, 'listNotificationChannels', {}))).not.toContain(created.signingSecret);
    expect(JSON.stringify(await call(engine, 'listAuditEntries', {}))).not.toContain(created.signingSecret);
  });

  it('sends a test notification of an event type to its subscribers only, for those who manage notifications', async () => {
    const receiver = await startWebhookReceiver();
    closers.push(receiver.close);
    await call(engine, 'createNotificationChannel', { name: 'test-hook', webhook: { url: receiver.url } });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.succeeded', channel: 'test-hook', environment: 'prod' });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.succeeded', channel: 'in-app' });
    // Another environment reaches only the subscription for every environment.
    expect(await call(engine, 'sendTestNotification', { eventType: 'deploy.succeeded', environment: 'dev' })).toEqual({ queued: 1 });
    expect(await call(engine, 'sendTestNotification', { eventType: 'deploy.succeeded', environment: 'prod' })).toEqual({ queued: 2 });
    expect(await call(engine, 'sendTestNotification', { eventType: 'drift.found' })).toEqual({ queued: 0 });
    await until(() => receiver.deliveries.length === 1 || undefined, 'the test webhook arrived', { timeoutMs: 10_000 });
    const body = JSON.parse(receiver.deliveries[0]!.body) as { type: string; subject: string; data: { data: { test: boolean } } };
    expect(body).toMatchObject({ type: 'deploy.succeeded', subject: 'Deployed: Test notification', data: { data: { test: true } } });
    expect(await call(engine, 'getUnreadNotificationCount', {})).toEqual({ count: 2 });

    const user: Caller = { id: 'bob', tenant: 'default', permissions: new Set(['profile:manage', 'notification:subscribe']) };
    expect((await refused(engine, 'sendTestNotification', { eventType: 'deploy.succeeded' }, user)).code).toBe('forbidden');
    expect((await refused(engine, 'sendTestNotification', { eventType: 'deploy.nope' })).code).toBe('invalid_input');
  });

  it('delivers exactly once to a receiver that fails four times and then recovers', async () => {
    const receiver = await startWebhookReceiver({ status: (n) => (n <= 4 ? 503 : 200) });
    closers.push(receiver.close);
    await call(engine, 'createNotificationChannel', { name: 'flaky', webhook: { url: receiver.url } });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.succeeded', channel: 'flaky' });
    await notify(engine, { type: 'deploy.succeeded', values: { title: 'Deploy web to dev' } });
    const sent = await until(
      async () => (await call<Row[]>(engine, 'listNotifications', {})).find((r) => r.status === 'sent'),
      'the notification was sent',
      { timeoutMs: 15_000 },
    );
    expect(sent).toMatchObject({ attempts: 5, lastError: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests()).toBe(5);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('ends as a dead letter after five failures, announced to subscribed admins, then delivers once when retried', async () => {
    const receiver = await startWebhookReceiver({ status: () => 500 });
    closers.push(receiver.close);
    await call(engine, 'createNotificationChannel', { name: 'down', webhook: { url: receiver.url } });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'down' });
    await call(engine, 'subscribeNotifications', { eventType: 'notification.dead_letter', channel: 'in-app' });
    await notify(engine, { type: 'deploy.failed', values: { title: 'Deploy web to dev', error: 'boom' } });

    const [dead] = await until(
      async () => {
        const letters = await call<Row[]>(engine, 'listDeadLetters', {});
        return letters.length ? letters : undefined;
      },
      'the notification became a dead letter',
      { timeoutMs: 15_000 },
    );
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, status: 'dead', lastError: expect.stringContaining('answered 500') });
    // The receiver's answer is not kept: a URL inside the server's network must not become a way to read it.
    expect(dead!.lastError).not.toContain('receiver is down');
    expect(receiver.requests()).toBe(MAX_ATTEMPTS);
    const inbox = await call<Row[]>(engine, 'listMyNotifications', {});
    expect(inbox).toEqual([expect.objectContaining({ eventType: 'notification.dead_letter', recipient: 'ann' })]);
    expect(await call(engine, 'getUnreadNotificationCount', {})).toEqual({ count: 1 });

    receiver.answer(() => 200);
    expect(await call(engine, 'retryDeadLetter', { id: dead!.id })).toMatchObject({ status: 'pending', attempts: 0 });
    await until(
      async () => (await call<Row>(engine, 'getNotification', { id: dead!.id })).status === 'sent' || undefined,
      'the retry was sent',
      {
        timeoutMs: 10_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.deliveries).toHaveLength(1);
    expect((await refused(engine, 'retryDeadLetter', { id: dead!.id })).code).toBe('not_dead_letter');
    const audit = await call<{ action: string }[]>(engine, 'listAuditEntries', { entity: 'notification', entityId: dead!.id });
    expect(audit.map((a) => a.action)).toEqual(['notification.retry', 'notification.dead_letter']);
  });

  it('makes no sixth attempt when the worker of the fifth stopped before it finished', async () => {
    const receiver = await startWebhookReceiver();
    closers.push(receiver.close);
    await engine.notificationDelivery!.dispose();
    await call(engine, 'createNotificationChannel', { name: 'hook', webhook: { url: receiver.url } });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'hook' });
    await notify(engine, { type: 'deploy.failed', values: {} });
    // Five workers claim it in turn and die before finishing (their leases run out at once).
    const expired = () => new Date(Date.now() - 1).toISOString();
    for (let n = 1; n <= MAX_ATTEMPTS; n++)
      await runAsEngineWork('test', () => engine.store.notifications.claimDue(new Date().toISOString(), expired(), `dead-${n}`, 10));
    const worker = new DeliveryWorker(engine.store, () => engine.services.secrets(), engine.logger, { backoffMs: 10 });
    try {
      expect(await worker.drain()).toBe(1);
    } finally {
      await worker.dispose();
    }
    expect(receiver.requests()).toBe(0);
    expect(await call<Row[]>(engine, 'listDeadLetters', {})).toEqual([
      expect.objectContaining({ attempts: MAX_ATTEMPTS + 1, lastError: expect.stringContaining('stopped') }),
    ]);
  });

  it('keeps a discarded dead letter, never sends it, and audits the discard', async () => {
    const receiver = await startWebhookReceiver({ status: () => 500 });
    closers.push(receiver.close);
    await call(engine, 'createNotificationChannel', { name: 'down', webhook: { url: receiver.url } });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'down' });
    await notify(engine, { type: 'deploy.failed', values: {} });
    const [dead] = await until(
      async () => {
        const letters = await call<Row[]>(engine, 'listDeadLetters', {});
        return letters.length ? letters : undefined;
      },
      'a dead letter',
      { timeoutMs: 15_000 },
    );
    receiver.answer(() => 200);
    expect(await call(engine, 'discardDeadLetter', { id: dead!.id })).toMatchObject({ status: 'discarded' });
    expect(await call(engine, 'listDeadLetters', {})).toEqual([]);
    await engine.notificationDelivery!.drain();
    expect(receiver.deliveries).toHaveLength(0);
    expect((await refused(engine, 'discardDeadLetter', { id: dead!.id })).code).toBe('not_dead_letter');
    expect((await refused(engine, 'discardDeadLetter', { id: 'no-such-notification' })).code).toBe('not_found');
    const audit = await call<{ action: string }[]>(engine, 'listAuditEntries', { entity: 'notification', entityId: dead!.id });
    expect(audit.map((a) => a.action)).toEqual(['notification.discard', 'notification.dead_letter']);
  });

  it('never puts an SMTP password in answers, errors, audit values or the log', async () => {
    const password = 'pw-1f0c7e2d9b';
    const smtp = await startSmtpReceiver({ credentials: { user: 'nimbus', password: 'something-else' } });
    closers.push(smtp.close);
    await call(engine, 'createNotificationChannel', {
      name: 'wrong-login',
      email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'nimbus@example.com', username: 'nimbus', password },
    });
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'wrong-login', recipient: 'ops@example.com' });
    await notify(engine, { type: 'deploy.failed', values: {} });
    const failed = await until(
      async () => (await call<Row[]>(engine, 'listNotifications', {})).find((r) => r.lastError !== null),
      'an attempt failed',
      { timeoutMs: 10_000 },
    );
    expect(failed.lastError).toMatch(/Invalid login|535|auth/i);
    const channels = await call<{ email: { hasPassword: boolean } }[]>(engine, 'listNotificationChannels', {});
    expect(channels[0]!.email.hasPassword).toBe(true);
    const everything = JSON.stringify([
      channels,
      await call(engine, 'listNotifications', {}),
      await call(engine, 'listAuditEntries', {}),
      await call(engine, 'listNotificationSubscriptions', {}),
    ]);
    expect(everything).not.toContain(password);
    await engine.notificationDelivery!.dispose();
    const log = readFileSync(path.join(test.dataDir, 'logs', 'engine.log'), 'utf8');
    expect(log).toContain('notification_delivery_failed');
    expect(log).not.toContain(password);
    expect(smtp.messages).toHaveLength(0);
  });

  it('keeps in-app notifications per user with read and unread, and notifies finished deploy jobs of the subscribed environment', async () => {
    const bob: Caller = { id: 'bob', tenant: 'default', permissions: new Set(['profile:manage', 'notification:subscribe']) };
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'in-app', environment: 'dev' }, bob);
    await call(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'in-app', environment: 'prod' });
    const job = runInRequest({ requestId: 'r', actor: 'bob', tenant: 'default', clientAddress: null }, () =>
      engine.jobs.start('deploy.topology', 'Deploy web to dev', () => Promise.reject(new Error('the stack refused'))),
    );
    await engine.jobs.settled(job.id);
    const [bell] = await until(
      async () => {
        const mine = await call<(Row & { subject: string; body: string })[]>(engine, 'listMyNotifications', {}, bob);
        return mine.length ? mine : undefined;
      },
      "bob's bell rang",
      { timeoutMs: 5000 },
    );
    expect(bell).toMatchObject({ eventType: 'deploy.failed', subject: 'Deploy failed: Deploy web to dev', status: 'sent' });
    expect(bell!.body).toContain('the stack refused');
    expect(await call(engine, 'listMyNotifications', {})).toEqual([]);
    expect(await call(engine, 'getUnreadNotificationCount', {}, bob)).toEqual({ count: 1 });
    // Another user's ids are left alone.
    expect(await call(engine, 'markNotificationsRead', { ids: [bell!.id] })).toEqual({ marked: 0 });
    expect(await call(engine, 'markNotificationsRead', { all: true }, bob)).toEqual({ marked: 1 });
    expect(await call(engine, 'getUnreadNotificationCount', {}, bob)).toEqual({ count: 0 });
    // Bob may subscribe only himself, in-app.
    expect(
      (await refused(engine, 'subscribeNotifications', { eventType: 'drift.found', channel: 'in-app', recipient: 'ann' }, bob)).code,
    ).toBe('invalid_subscription');
    expect((await refused(engine, 'listNotifications', {}, bob)).code).toBe('forbidden');
  });

  it('refuses hostile templates, URLs and addresses with errors naming what is wrong', async () => {
    const template = (subject: string, body: string) =>
      refused(engine, 'saveNotificationTemplate', { eventType: 'deploy.failed', subject, body });
    expect(await template('Failed {{nope}}', 'x')).toMatchObject({
      code: 'invalid_template',
      message: expect.stringContaining('{{nope}}'),
    });
    expect(await template('ok', 'Broken {{title')).toMatchObject({
      code: 'invalid_template',
      message: expect.stringContaining('never closed'),
    });
    expect(await template('ok', 'Stray }} here')).toMatchObject({ code: 'invalid_template' });
    expect(await template('two\nlines', 'x')).toMatchObject({ code: 'invalid_template', message: expect.stringContaining('one line') });
    expect(await template('  ', 'x')).toMatchObject({ code: 'invalid_template' });
    expect(await template('{{constructor}}', 'x')).toMatchObject({ code: 'invalid_template' });
    expect((await template('x'.repeat(201), 'x')).code).toBe('invalid_input');
    const saved = await call(engine, 'saveNotificationTemplate', {
      eventType: 'deploy.failed',
      subject: '[{{environment}}] {{ title }}',
      body: 'Error: {{error}}',
    });
    expect(saved).toMatchObject({ custom: true, subject: '[{{environment}}] {{ title }}' });

    const hook = (url: string) => refused(engine, 'createNotificationChannel', { name: 'h', webhook: { url } });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.com/x',
      'not a url',
      'http://user:pw@example.com/x',
      'https://example.com/#x',
    ])
      expect(await hook(url), url).toMatchObject({ code: 'invalid_channel', details: { field: 'url' } });
    expect((await hook(`https://example.com/${'a'.repeat(3000)}`)).code).toBe('invalid_input');
    const mail = (email: Record<string, unknown>) =>
      refused(engine, 'createNotificationChannel', {
        name: 'm',
        email: { host: 'smtp.example.com', port: 25, tls: 'none', from: 'a@example.com', ...email },
      });
    expect(await mail({ host: 'smtp example com' })).toMatchObject({ code: 'invalid_channel', details: { field: 'host' } });
    expect(await mail({ from: 'nobody' })).toMatchObject({ code: 'invalid_channel', details: { field: 'from' } });
    expect(await mail({ from: 'a@example.com\r\nBcc: victim@example.com' })).toMatchObject({ code: 'invalid_channel' });
    expect(await mail({ password: 'x' })).toMatchObject({ code: 'invalid_channel', details: { field: 'password' } });
    expect((await mail({ port: 0 })).code).toBe('invalid_input');
    expect(
      (
        await refused(engine, 'createNotificationChannel', {
          name: 'both',
          webhook: { url: 'https://e.com' },
          email: { host: 'e.com', port: 25, tls: 'none', from: 'a@e.com' },
        })
      ).code,
    ).toBe('invalid_channel');
    expect((await refused(engine, 'createNotificationChannel', { name: 'in-app', webhook: { url: 'https://e.com' } })).code).toBe(
      'invalid_channel',
    );
    expect((await refused(engine, 'createNotificationChannel', { name: '../etc', webhook: { url: 'https://e.com' } })).code).toBe(
      'invalid_channel',
    );
    await call(engine, 'createNotificationChannel', { name: 'dup', webhook: { url: 'https://e.com' } });
    expect((await refused(engine, 'createNotificationChannel', { name: 'dup', webhook: { url: 'https://e.com' } })).code).toBe(
      'channel_exists',
    );
    await call(engine, 'createNotificationChannel', {
      name: 'mail',
      email: { host: 'smtp.example.com', port: 25, tls: 'starttls', from: 'a@example.com' },
    });
    const subscribe = (input: Record<string, unknown>) =>
      refused(engine, 'subscribeNotifications', { eventType: 'deploy.failed', ...input });
    expect((await subscribe({ channel: 'mail' })).code).toBe('invalid_subscription');
    expect((await subscribe({ channel: 'mail', recipient: 'x@y' })).code).toBe('invalid_channel');
    expect((await subscribe({ channel: 'dup', recipient: 'x@example.com' })).code).toBe('invalid_subscription');
    expect((await subscribe({ channel: 'nope' })).code).toBe('not_found');
    expect((await refused(engine, 'subscribeNotifications', { eventType: 'deploy.exploded', channel: 'in-app' })).code).toBe(
      'invalid_input',
    );
  });

  it("answers another tenant's notification, channel and subscription ids as not_found", async () => {
    const other: Caller = { id: 'eve', tenant: 'globex', permissions: new Set(PERMISSIONS) };
    const receiver = await startWebhookReceiver({ status: () => 500 });
    closers.push(receiver.close);
    const { channel } = await call<{ channel: { id: string } }>(engine, 'createNotificationChannel', {
      name: 'down',
      webhook: { url: receiver.url },
    });
    const subscription = await call<{ id: string }>(engine, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'down' });
    await notify(engine, { type: 'deploy.failed', values: {} });
    const [dead] = await until(
      async () => {
        const letters = await call<Row[]>(engine, 'listDeadLetters', {});
        return letters.length ? letters : undefined;
      },
      'a dead letter',
      { timeoutMs: 15_000 },
    );
    for (const method of ['getNotification', 'retryDeadLetter', 'discardDeadLetter'])
      expect((await refused(engine, method, { id: dead!.id }, other)).code, method).toBe('not_found');
    expect((await refused(engine, 'unsubscribeNotifications', { id: subscription.id }, other)).code).toBe('not_found');
    expect((await refused(engine, 'removeNotificationChannel', { channel: channel.id }, other)).code).toBe('not_found');
    expect((await refused(engine, 'removeNotificationChannel', { channel: 'down' }, other)).code).toBe('not_found');
    expect(await call(engine, 'listDeadLetters', {}, other)).toEqual([]);
    expect(await call(engine, 'listNotificationChannels', {}, other)).toEqual([]);
    expect(await call(engine, 'getNotification', { id: dead!.id })).toMatchObject({ status: 'dead' });
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';

// A small backoff unit so five failed attempts take seconds, not half an hour.
test.use({ nimbusEnv: { NIMBUS_NOTIFY_BACKOFF_MS: '20' } });

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers 503 until told to recover, then 200; it keeps what it accepted. */
async function startReceiver(): Promise<{
  url: string;
  requests: () => number;
  deliveries: Delivery[];
  recover(): void;
  close(): Promise<void>;
}> {
  let healthy = false;
  let requests = 0;
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      if (!healthy) {
        response.writeHead(503).end('receiver is down');
        return;
      }
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => requests,
    deliveries,
    recover: () => {
      healthy = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's own check of a delivery, as the README shows it. */
function signatureValid(secret: string, delivery: Delivery): boolean {
  const timestamp = String(delivery.headers['x-nimbus-timestamp']);
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
  const given = Buffer.from(String(delivery.headers['x-nimbus-signature'] ?? ''));
  return Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
}

async function subscribe(page: Page, eventType: string, channel: string): Promise<void> {
  await page.getByTestId('subscription-add').click();
  const dialog = page.getByTestId('subscribe-dialog');
  await dialog.getByTestId('subscribe-event').selectOption(eventType);
  await dialog.getByTestId('subscribe-channel').selectOption({ label: channel });
  await dialog.getByTestId('subscribe-submit').click();
  await expect(dialog).toBeHidden();
}

test('a webhook that fails ends as a dead letter, is retried from the page and delivered once, signed; the bell counts the in-app one', async ({
  page,
}) => {
  const receiver = await startReceiver();
  try {
    await page.goto('/#/notifications/channels');
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByTestId('channels-empty')).toBeVisible();

    // A webhook channel: its signing secret is shown once.
    await page.getByTestId('channel-add').first().click();
    const add = page.getByTestId('new-channel-dialog');
    await add.getByTestId('channel-name').fill('ops-hook');
    await add.getByTestId('channel-url').fill(receiver.url);
    await add.getByTestId('new-channel-submit').click();
    const secretDialog = page.getByTestId('signing-secret-dialog');
    await expect(secretDialog).toContainText('you will not see it again');
    const secret = await secretDialog.getByTestId('signing-secret').inputValue();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await secretDialog.getByTestId('signing-secret-done').click();
    await expect(page.getByTestId('channel-row')).toHaveAttribute('data-name', 'ops-hook');
    await expect(page.getByTestId('channels-table')).not.toContainText(secret);

    // Subscriptions: the webhook and the user's own bell hear about successful deploys.
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await expect(page.getByTestId('subscriptions-empty')).toBeVisible();
    await subscribe(page, 'deploy.succeeded', 'ops-hook (webhook)');
    await subscribe(page, 'deploy.succeeded', 'In-app (my bell)');
    await expect(page.getByTestId('subscription-row')).toHaveCount(2);

    // A test notification of the event: one webhook and one in-app notification.
    await page.getByTestId('send-test').click();
    const sendTest = page.getByTestId('send-test-dialog');
    await sendTest.getByTestId('send-test-event').selectOption('deploy.succeeded');
    await sendTest.getByTestId('send-test-submit').click();
    await expect(page.getByText('2 notifications of deploy.succeeded')).toBeVisible();

    // Five failed attempts later it is a dead letter, with its last error.
    await page.getByRole('tab', { name: 'Dead letters' }).click();
    await expect(page).toHaveURL(/#\/notifications\/dead-letters$/);
    const row = page.getByTestId('dead-letters-row');
    await expect(async () => {
      // Switching tabs reads the list again.
      await page.getByRole('tab', { name: 'Delivery log' }).click();
      await page.getByRole('tab', { name: 'Dead letters' }).click();
      await expect(row).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(row.getByTestId('dead-letters-status')).toHaveText('Dead letter');
    await expect(row.getByTestId('dead-letters-attempts')).toHaveText('5');
    await expect(row.getByTestId('dead-letters-error')).toContainText('503');
    await expect(row.getByTestId('dead-letters-error')).not.toContainText('receiver is down');
    expect(receiver.requests()).toBe(5);
    expect(receiver.deliveries).toHaveLength(0);

    const found: string[] = [];
    await scanInBothThemes(page, 'Notifications: dead letters', found);

    // Discard asks first and says what is lost; cancelling keeps the dead letter.
    await row.getByTestId('dead-letter-discard').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('will never be sent');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toHaveCount(1);

    // The receiver recovers; Retry delivers it exactly once, signed with the secret shown once.
    receiver.recover();
    await row.getByTestId('dead-letter-retry').click();
    await expect(page.getByTestId('dead-letters-empty')).toBeVisible();
    await expect.poll(() => receiver.deliveries.length, { timeout: 15_000 }).toBe(1);
    const [delivery] = receiver.deliveries;
    expect(signatureValid(secret, delivery!)).toBe(true);
    expect(signatureValid(`${secret}0`, delivery!)).toBe(false);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'deploy.succeeded', attempt: 1, data: { data: { test: true } } });
    await page.getByRole('tab', { name: 'Delivery log' }).click();
    await expect(page.getByTestId('delivery-log-row').filter({ hasText: 'ops-hook' }).getByTestId('delivery-log-status')).toHaveText(
      'Sent',
      {
        timeout: 10_000,
      },
    );
    await page.waitForTimeout(1500);
    expect(receiver.deliveries).toHaveLength(1);

    // The bell counts the unread in-app notification; marking all read clears it.
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('data-count', '1', { timeout: 15_000 });
    await expect(bell).toHaveAccessibleName('Notifications: 1 unread');
    await bell.click();
    const panel = page.getByTestId('notification-panel');
    await expect(panel.getByTestId('notification-item')).toHaveCount(1);
    await expect(panel.getByTestId('notification-item')).toHaveAttribute('data-unread', 'true');
    await expect(panel).toContainText('Deployed: Test notification');
    await scanInBothThemes(page, 'Notification panel', found);
    await panel.getByTestId('notification-mark-all').click();
    await expect(bell).toHaveAttribute('data-count', '0');
    await expect(panel.getByTestId('notification-item')).toHaveAttribute('data-unread', 'false');
    await expect(panel.getByTestId('notification-mark-all')).toBeDisabled();
    // Escape closes the panel and gives the focus back to the bell.
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(bell).toBeFocused();
    expectNoViolations(found);
  } finally {
    await receiver.close();
  }
});

test('a refused template shows the problem next to its field', async ({ page }) => {
  await page.goto('/#/notifications/templates');
  await page.getByTestId('template-deploy.failed').click();
  const editor = page.getByTestId('template-editor');
  await expect(editor.getByTestId('template-subject')).toHaveValue('Deploy failed: {{title}}');
  await editor.getByTestId('template-body').fill('{{title}} broke: {{nonsense}}');
  await editor.getByTestId('template-save').click();
  await expect(editor.getByTestId('template-body-problem')).toContainText('unknown placeholder {{nonsense}}');
  await expect(editor.getByTestId('template-body')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByTestId('template-subject-problem')).toHaveText('');

  await editor.getByTestId('template-body').fill('{{title}} broke in {{environment}}: {{error}}');
  await editor.getByTestId('template-save').click();
  await expect(page.getByTestId('template-deploy.failed')).toContainText('custom');
  await expect(editor.getByTestId('template-body-problem')).toHaveText('');
});

test('discarding a dead letter asks first, then keeps it in the log as discarded and never sends it', async ({ page, nimbus }) => {
  const receiver = await startReceiver();
  try {
    await callApi(nimbus.url, 'createNotificationChannel', { name: 'down-hook', webhook: { url: receiver.url } });
    await callApi(nimbus.url, 'subscribeNotifications', { eventType: 'drift.found', channel: 'down-hook', environment: 'prod' });
    expect(await callApi(nimbus.url, 'sendTestNotification', { eventType: 'drift.found', environment: 'prod' })).toEqual({ queued: 1 });
    await expect.poll(async () => (await callApi<unknown[]>(nimbus.url, 'listDeadLetters', {})).length, { timeout: 30_000 }).toBe(1);

    // By keyboard: the tabs move with the arrow keys, the page keeps the tab in its address.
    await page.goto('/#/notifications/log');
    await page.getByRole('tab', { name: 'Delivery log' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('tab', { name: 'Dead letters' })).toBeFocused();
    await expect(page).toHaveURL(/#\/notifications\/dead-letters$/);
    const row = page.getByTestId('dead-letters-row');
    await expect(row).toHaveCount(1);
    await row.getByTestId('dead-letter-discard').focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('drift.found');
    await expect(confirm).toContainText('down-hook');
    await expect(confirm).toContainText('cannot be undone');
    await confirm.getByTestId('confirm-accept').click();
    await expect(page.getByTestId('dead-letters-empty')).toBeVisible();

    await page.getByRole('tab', { name: 'Delivery log' }).click();
    await expect(page.getByTestId('delivery-log-row').getByTestId('delivery-log-status')).toHaveText('Discarded');
    receiver.recover();
    await page.waitForTimeout(2500);
    expect(receiver.deliveries).toHaveLength(0);
    expect(receiver.requests()).toBe(5);
  } finally {
    await receiver.close();
  }
});

test('shows a desktop notification for a new unread one only after the user turned them on', async ({ page, context, nimbus }) => {
  await context.grantPermissions(['notifications']);
  // Records each desktop notification the page shows, and still shows it.
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    Reflect.set(window, '__shownNotifications', shown);
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
    Reflect.set(window, 'Notification', Recording);
  });
  const shown = () => page.evaluate(() => [...(Reflect.get(window, '__shownNotifications') as string[])]);
  await callApi(nimbus.url, 'subscribeNotifications', { eventType: 'deploy.failed', channel: 'in-app' });
  await page.goto('/#/settings');
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('data-count', '0');

  // Off by default: a new notification only reaches the bell.
  await callApi(nimbus.url, 'sendTestNotification', { eventType: 'deploy.failed' });
  await expect(bell).toHaveAttribute('data-count', '1', { timeout: 15_000 });
  expect(await shown()).toEqual([]);

  await page.getByTestId('desktop-notifications-toggle').check();
  await expect(page.getByTestId('desktop-notifications-section')).toContainText('appear on your desktop');
  await callApi(nimbus.url, 'sendTestNotification', { eventType: 'deploy.failed' });
  await expect(bell).toHaveAttribute('data-count', '2', { timeout: 15_000 });
  await expect.poll(shown, { timeout: 5000 }).toEqual(['Deploy failed: Test notification']);
});

test('an email channel shows that a password is set, never the password; removing a channel asks first', async ({ page, nimbus }) => {
  await page.goto('/#/notifications/channels');
  await page.getByTestId('channel-add').click();
  const add = page.getByTestId('new-channel-dialog');
  await add.getByTestId('channel-kind-email').check();
  await add.getByTestId('channel-name').fill('ops-mail');
  await add.getByTestId('channel-host').fill('smtp.example.test');
  await add.getByTestId('channel-port').fill('2525');
  await add.getByTestId('channel-from').fill('nimbus@example.test');
  await add.getByTestId('channel-user').fill('nimbus');
  await add.getByTestId('channel-password').fill('s3cret-Passw0rd');
  await add.getByTestId('new-channel-submit').click();
  await expect(add).toBeHidden();
  await expect(page.getByTestId('signing-secret-dialog')).toHaveCount(0);
  const row = page.getByTestId('channel-row');
  await expect(row).toContainText('smtp.example.test:2525');
  await expect(row).toContainText('password set');
  expect(await page.content()).not.toContain('s3cret-Passw0rd');
  expect(JSON.stringify(await callApi(nimbus.url, 'listNotificationChannels', {}))).not.toContain('s3cret-Passw0rd');

  // The same name again is refused inside the dialog, which stays open to correct it.
  await page.getByTestId('channel-add').click();
  await add.getByTestId('channel-name').fill('ops-mail');
  await add.getByTestId('channel-url').fill('http://127.0.0.1:9/hook');
  await add.getByTestId('new-channel-submit').click();
  await expect(page.getByTestId('new-channel-error')).toContainText('ops-mail');
  await add.getByTestId('new-channel-cancel').click();

  await row.getByTestId('channel-remove').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('subscriptions go with it');
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('channels-empty')).toBeVisible();
});

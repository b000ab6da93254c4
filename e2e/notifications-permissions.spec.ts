import { expect, test } from './fixtures.js';
import {
  callOverHttp,
  sharedServerLeftovers,
  sharedServerUnavailable,
  signInOverHttp,
  signInWithPassword,
  startSharedServer,
  stopSharedServer,
} from './shared-server.js';

// A member without notification rights on a shared server: the bell works for them, the rest of the
// Notifications page says why it is not theirs, and the actions they may not take are disabled with the reason.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');

test('a member hears in-app through the bell; the delivery log and the admin actions show why they are not theirs', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  const server = await startSharedServer();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const admin = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const made = await callOverHttp<{ password: string }>(server.url, admin, 'createUser', { name: 'mia', role: 'user' });
    expect(made.status).toBe(200);
    const mia = await signInOverHttp(server.url, 'mia', made.body.password);
    expect(
      (await callOverHttp(server.url, mia, 'subscribeNotifications', { eventType: 'approval.decided', channel: 'in-app' })).status,
    ).toBe(200);

    pageErrors.watch(context);
    const page = await context.newPage();
    await page.goto('/#/notifications/dead-letters');
    await signInWithPassword(page, 'mia', made.body.password);
    await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByTestId('notifications-forbidden')).toContainText('notification:read');
    await expect(page.getByTestId('send-test')).toBeDisabled();
    await expect(page.getByTestId('send-test')).toHaveAttribute('data-blocked-reason', 'You lack the permission notification:manage');

    // Her own subscriptions are hers: listed, and she may add in-app ones only.
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await expect(page.getByTestId('subscription-row')).toHaveCount(1);
    await page.getByTestId('subscription-add').click();
    await expect(page.getByTestId('subscribe-channel').locator('option')).toHaveText(['In-app (my bell)']);
    await page.getByTestId('subscribe-cancel').click();

    // The admin's test of the event reaches her bell.
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('data-count', '0');
    expect((await callOverHttp(server.url, admin, 'sendTestNotification', { eventType: 'approval.decided' })).status).toBe(200);
    await expect(bell).toHaveAttribute('data-count', '1', { timeout: 15_000 });
    await bell.click();
    const item = page.getByTestId('notification-item');
    await expect(item).toHaveAttribute('data-unread', 'true');
    // Choosing it marks it read.
    await item.getByRole('button').click();
    await expect(bell).toHaveAttribute('data-count', '0');
    expect((await callOverHttp<{ count: number }>(server.url, mia, 'getUnreadNotificationCount', {})).body.count).toBe(0);
  } finally {
    await context.close();
    await stopSharedServer(server);
    expect(sharedServerLeftovers(server)).toEqual([]);
  }
});

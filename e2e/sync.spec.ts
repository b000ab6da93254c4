import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scan, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import {
  callOverHttp,
  sharedServerLeftovers,
  sharedServerUnavailable,
  signInOverHttp,
  startSharedServer,
  stopSharedServer,
} from './shared-server.js';
import { startTcpProxy } from './tcp-proxy.js';

// The desktop's outbox in the app: `nimbus serve` linked to a real shared server on PostgreSQL through
// a TCP proxy the test closes to take the server out of reach, and opens again to bring it back.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');
// Short pauses, so a server that is back is found within a second or two.
test.use({ nimbusEnv: { NIMBUS_SYNC_BASE_MS: '200', NIMBUS_SYNC_CAP_MS: '1000' } });

const syncLabel = (page: Page) => page.getByTestId('status-sync-label');

test('offline changes wait and drain by themselves; a refused change is a dead letter, retried once the grant is back', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(180_000);
  const server = await startSharedServer();
  const proxy = await startTcpProxy(server.url);
  try {
    const adminToken = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const ana = await callOverHttp<{ password: string }>(server.url, adminToken, 'createUser', { name: 'ana', role: 'user' });
    expect(ana.status).toBe(200);
    // Allocating needs resolver:config:manage, which the tenant-admin role adds to what users read.
    expect((await callOverHttp(server.url, adminToken, 'grantRole', { role: 'tenant-admin', user: 'ana' })).status).toBe(200);
    const pool = await callOverHttp<{ id: string }>(server.url, adminToken, 'createIpamPool', { name: 'corp', cidr: '10.40.0.0/24' });
    expect(pool.status).toBe(200);
    const allocations = async () =>
      (await callOverHttp<{ owner: string }[]>(server.url, adminToken, 'listIpamAllocations', { pool: pool.body.id })).body
        .map((allocation) => allocation.owner)
        .sort();

    // Working locally, the Sync page says what sync is for and how to connect; the status bar has no sync item.
    await page.goto('/#/sync');
    await expect(page.getByTestId('sync-local')).toContainText('Connect to a Nimbus server');
    await expect(page.getByTestId('sync-now')).toBeDisabled();
    await expect(page.getByTestId('status-sync')).toHaveCount(0);
    const found: string[] = [];
    await scan(page, 'sync page, local', found);

    // Connect through the proxy as ana.
    await page.getByTestId('sync-open-settings').click();
    await page.getByTestId('server-connect-url').fill(proxy.url);
    await page.getByTestId('server-connect-name').fill('ana');
    await page.getByTestId('server-connect-password').fill(ana.body.password);
    await page.getByTestId('server-connect').click();
    await expect(page.getByTestId('server-section')).toHaveAttribute('data-status', 'connected');
    await expect(syncLabel(page)).toHaveText(/^Synced/);
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-connection', 'online');

    // Open the pool while the server answers, then take the server out of reach and allocate.
    await page.getByTestId('nav-environments').click();
    await page.getByTestId('environments-tab-ipam').click();
    await page.locator('[data-testid="pool-row"][data-name="corp"]').click();
    await expect(page.getByTestId('pool-detail')).toHaveAttribute('data-name', 'corp');
    await proxy.close();
    await page.getByTestId('allocate-ip').click();
    await page.getByTestId('allocate-owner').fill('build-agent-7');
    await page.getByTestId('allocate-submit').click();
    // Not an error: the dialog closes and the app says the change waits.
    await expect(page.getByTestId('allocate-dialog')).toHaveCount(0);
    await expect(page.getByTestId('toast').filter({ hasText: 'Saved; it will be sent when the server is back' })).toHaveAttribute(
      'data-kind',
      'info',
    );
    await expect(syncLabel(page)).toHaveText('Offline — 1 change waiting');
    await expect(page.getByTestId('status-sync')).toHaveAttribute('data-connection', 'offline');

    // The Sync page lists it in words, with its attempts and the reason it waits.
    await page.getByTestId('status-sync').click();
    await expect(page).toHaveURL(/#\/sync$/);
    const waiting = page.getByTestId('outbox-waiting-table').getByTestId('outbox-entry');
    await expect(waiting).toHaveCount(1);
    await expect(waiting.getByTestId('outbox-entry-summary')).toHaveText(`Allocate an address in pool ${pool.body.id} for build-agent-7`);
    await expect(waiting.getByTestId('outbox-entry-error')).toContainText('server_unreachable');
    await expect(page.getByTestId('sync-no-dead')).toBeVisible();
    await expect(page.getByTestId('sync-summary')).toHaveAttribute('data-connection', 'offline');
    // Pages show what this desktop kept of the server, and say it is read-only.
    await expect(page.getByTestId('offline-replica-hint')).toContainText('Read-only until the server answers');
    await expect(page.getByTestId('sync-replica')).toContainText('pages show these, read-only');
    await scanInBothThemes(page, 'sync page, offline with a waiting change', found);
    expect(await allocations()).toEqual([]);
    // Sync now from the keyboard (the command palette) tries at once, and says the server is still out of reach.
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('command-palette-dialog').getByRole('combobox', { name: 'Search commands' }).fill('Sync now');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toast').filter({ hasText: 'The server cannot be reached' })).toBeVisible();
    await expect(waiting).toHaveCount(1);
    expect(await allocations()).toEqual([]);

    // The server is back: the change drains by itself, and the status says Synced with the time.
    await proxy.open();
    await expect(syncLabel(page)).toHaveText(/^Synced · \d/, { timeout: 30_000 });
    await expect(page.getByTestId('sync-nothing-waiting')).toBeVisible();
    await expect(page.getByTestId('offline-replica-hint')).toHaveCount(0);
    expect(await allocations()).toEqual(['build-agent-7']);

    // An administrator takes ana's tenant-admin role away: the next allocations are refused and become dead letters.
    const bindings = await callOverHttp<{ id: string; user: string | null; role: string }[]>(server.url, adminToken, 'listRoleBindings');
    const binding = bindings.body.find((candidate) => candidate.user !== null && candidate.role === 'tenant-admin');
    expect(binding).toBeDefined();
    expect((await callOverHttp(server.url, adminToken, 'revokeRoleBinding', { id: binding!.id })).status).toBe(200);
    for (const owner of ['team-data', 'scratch'])
      await expect(callApi(nimbus.url, 'allocateIp', { pool: pool.body.id, owner })).rejects.toThrow(/allocateIp failed/);
    await expect(page.getByTestId('status-sync-dead')).toHaveText('⚠ 2 dead letters');
    const dead = page.getByTestId('outbox-dead-table').getByTestId('outbox-entry');
    await expect(dead).toHaveCount(2);
    await expect(dead.first().getByTestId('outbox-entry-error')).toContainText('forbidden');
    // Online, the pool is named by its name (ana still reads pools).
    await expect(dead.getByTestId('outbox-entry-summary')).toHaveText([
      'Allocate an address in pool corp for team-data',
      'Allocate an address in pool corp for scratch',
    ]);
    await scanInBothThemes(page, 'sync page with dead letters', found);

    // Discarding asks first and says what is lost; Cancel (Escape) keeps it.
    const scratch = dead.filter({ hasText: 'for scratch' });
    await scratch.getByTestId('outbox-discard').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('“Allocate an address in pool corp for scratch” was refused by the server and will never be sent');
    await scan(page, 'discard confirmation', found);
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(dead).toHaveCount(2);
    await scratch.getByTestId('outbox-discard').click();
    await page.getByTestId('confirm-accept').click();
    await expect(dead).toHaveCount(1);
    await expect(page.getByTestId('status-sync-dead')).toHaveText('⚠ 1 dead letter');

    // The grant is restored: Retry (from the keyboard) sends the change, and it is applied.
    expect((await callOverHttp(server.url, adminToken, 'grantRole', { role: 'tenant-admin', user: 'ana' })).status).toBe(200);
    await dead.getByTestId('outbox-retry').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sync-no-dead')).toBeVisible();
    await expect(page.getByTestId('status-sync-dead')).toHaveCount(0);
    await expect(syncLabel(page)).toHaveText(/^Synced · \d/);
    expect(await allocations()).toEqual(['build-agent-7', 'team-data']);
    expectNoViolations(found);
  } finally {
    await proxy.close().catch(() => undefined);
    await stopSharedServer(server);
  }
  expect(sharedServerLeftovers(server)).toEqual([]);
});

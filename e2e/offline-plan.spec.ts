import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
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

// Planning offline in the app: `nimbus serve` linked to a real shared server on PostgreSQL through a
// TCP proxy the test closes; the plan is made from the desktop's lease, marked provisional, and
// confirmed once the server is back.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');

const machine = (id: string, x: number) => ({
  id,
  label: id,
  component: 'local-vm@1',
  position: { x, y: 0 },
  params: { network_id: 'net-lab' },
});

const planValue = (page: Page, label: string, key: string): Locator =>
  page.locator(`[data-testid="plan-node"][data-label="${label}"] [data-testid="plan-value"][data-key="${key}"]`);

test('plans offline from the lease, marks the values provisional, and confirms them once the server is back', async ({ page, nimbus }) => {
  test.setTimeout(180_000);
  const server = await startSharedServer();
  const proxy = await startTcpProxy(server.url);
  try {
    const admin = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    for (const [method, input] of [
      ['createIpamPool', { name: 'lab', cidr: '10.90.0.0/24' }],
      [
        'createLandingZone',
        { name: 'zone', provider: 'local', resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } } },
      ],
      ['createEnvironment', { name: 'staging', landingZone: 'zone' }],
    ] as const)
      expect((await callOverHttp(server.url, admin, method, input)).status).toBe(200);
    await callApi(nimbus.url, 'connectServer', { url: proxy.url, name: server.admin.name, password: server.admin.password });
    const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', {
      name: 'Lab machines',
      document: { schemaVersion: 1, nodes: [machine('web', 0), machine('db', 300)], wires: [] },
    });

    // Planned online once: the desktop keeps what it needs and is granted a lease.
    await page.goto(`/#/planner/${topology.id}`);
    await expect(page.getByTestId('planner-node')).toHaveCount(2);
    await page.getByTestId('toolbar-plan').click();
    await page.getByTestId('plan-environment').selectOption('staging');
    await expect(planValue(page, 'web', 'ip_address').getByTestId('plan-value-text')).toHaveText(/^10\.90\.0\.\d+$/);
    await expect(planValue(page, 'web', 'ip_address').getByTestId('plan-provisional')).toHaveCount(0);
    const client = readFileSync(path.join(nimbus.dataDir, 'desktop-client-id'), 'utf8').trim();
    // The lease holds addresses and names for the machines once the plan's background work is done.
    const leased = async () => {
      const leases = await callApi<{ addresses: { values: string[] }[]; names: unknown[] }[]>(nimbus.url, 'listLeases', {
        client,
        live: true,
      });
      return (
        leases.some((lease) => lease.names.length > 0) && leases.some((lease) => lease.addresses.some((entry) => entry.values.length > 0))
      );
    };
    await expect.poll(leased).toBe(true);
    // The server is out of reach: the plan is still made, every value resolved, the drawn ones marked.
    await proxy.close();
    await page.getByTestId('plan-refresh').click();
    for (const label of ['web', 'db'])
      for (const key of ['ip_address', 'name']) {
        await expect(planValue(page, label, key).getByTestId('plan-provisional')).toHaveText('provisional');
        await expect(planValue(page, label, key)).toContainText('provisional until the server confirms it');
      }
    await expect(page.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');
    // The inspector marks them too.
    await page.locator('[data-testid="planner-node"][data-label="web"]').getByTestId('planner-node-label').click();
    await expect(page.getByTestId('planner-inspector').getByTestId('inspector-provisional')).toHaveText(['provisional', 'provisional']);
    const address = await planValue(page, 'web', 'ip_address').getByTestId('plan-value-text').innerText();

    // The Sync page lists them as waiting for the server.
    await page.goto('/#/sync');
    await expect(page.getByTestId('sync-provisional').getByTestId('provisional-value')).toHaveCount(4);
    const found: string[] = [];
    await scanInBothThemes(page, 'sync page with values drawn offline', found);
    expectNoViolations(found);

    // Back online, the first answer confirms them: nothing waits any more, and the server holds the address for the node.
    await proxy.open();
    await expect(page.getByTestId('sync-provisional')).toHaveCount(0, { timeout: 30_000 });
    const allocations = await callOverHttp<{ value: string; owner: string }[]>(server.url, admin, 'listIpamAllocations', { pool: 'lab' });
    expect(allocations.body.find((allocation) => allocation.value === address)?.owner).toBe(`topology:${topology.id}/node:web`);
  } finally {
    await proxy.close().catch(() => undefined);
    await stopSharedServer(server);
  }
  expect(sharedServerLeftovers(server)).toEqual([]);
});

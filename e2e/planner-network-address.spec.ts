import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

// Values resolved in the planner are the right ones: a machine wired to a network is planned with an
// address inside that network's subnet (not the pool's next free address at large), the plan says
// which network it came from, and a DNS record lands in the landing zone's domain.

test.use({ viewport: { width: 1600, height: 1000 } });

const node = (page: Page, label: string): Locator => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const output = (page: Page, label: string, port: string): Locator =>
  node(page, label).locator(`[data-testid="node-output-socket"][data-port="${port}"]`);
const input = (page: Page, label: string, port: string): Locator =>
  node(page, label).locator(`[data-testid="node-input-socket"][data-port="${port}"]`);
const planValue = (page: Page, label: string, key: string): Locator =>
  page.locator(`[data-testid="plan-node"][data-label="${label}"] [data-testid="plan-value"][data-key="${key}"]`);

/** Drags with real pointer events from one element's centre to another's, as a person would. */
async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('drag endpoints are not visible');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** The plan panel for environment `dev`, open. */
async function openPlan(page: Page): Promise<void> {
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('plan-panel')).toBeVisible();
  await page.getByTestId('plan-environment').selectOption('dev');
}

test("plans a machine wired to a network with an address in that network's subnet, naming the network", async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createIpamPool', { name: 'wired-lab', cidr: '10.48.0.0/16' });
  await callApi(nimbus.url, 'createLandingZone', {
    name: 'lab',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'wired-lab' }, naming: { pattern: '{env}-{component}-{seq:02d}', domain: 'lab.internal' } },
  });
  await callApi(nimbus.url, 'createEnvironment', { name: 'dev', landingZone: 'lab' });
  const at = (x: number) => ({ x, y: 80 });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', {
    name: 'Wired',
    document: {
      schemaVersion: 1,
      nodes: [
        { id: 'net', label: 'net-1', component: 'local-network@1', position: at(40) },
        { id: 'web', label: 'web', component: 'local-vm@1', position: at(400) },
        { id: 'dns', label: 'dns', component: 'local-dns@1', position: at(760) },
      ],
      wires: [],
    },
  });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);

  // Not wired yet: the machine's address comes from the environment's pool.
  await openPlan(page);
  await expect(planValue(page, 'web', 'ip_address')).toContainText('ipam: next free in pool wired-lab');
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('plan-panel')).toHaveCount(0);

  // Wire the machine to the network (and the DNS record to the machine) on the canvas.
  await dragBetween(page, output(page, 'net-1', 'network_id'), input(page, 'web', 'network_id'));
  await dragBetween(page, output(page, 'web', 'name'), input(page, 'dns', 'hostname'));
  await dragBetween(page, output(page, 'web', 'ip_address'), input(page, 'dns', 'ip_address'));
  await expect(page.getByTestId('planner-wire')).toHaveCount(3);

  await openPlan(page);
  const cidr = planValue(page, 'net-1', 'cidr');
  await expect(cidr.getByTestId('plan-value-text')).toHaveText('10.48.0.0/24');
  const address = planValue(page, 'web', 'ip_address');
  await expect(address).toHaveAttribute('data-source', 'resolver');
  // The subnet's first host after its gateway: not 10.48.1.0 (the pool's next free address, outside the subnet).
  await expect(address.getByTestId('plan-value-text')).toHaveText('10.48.0.2');
  await expect(address).toContainText("ipam: next free in net-1's subnet 10.48.0.0/24");
  // The record's zone is the landing zone's domain, where the machine's name is promised to live.
  await expect(planValue(page, 'web', 'name')).toContainText('.lab.internal');
  await expect(planValue(page, 'dns', 'zone').getByTestId('plan-value-text')).toHaveText('lab.internal');
  await expect(planValue(page, 'dns', 'zone')).toContainText('naming: domain of landing zone lab');
  await expect(page.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');

  // The plan reserved nothing.
  expect(await callApi<unknown[]>(nimbus.url, 'listIpamAllocations', { pool: 'wired-lab' })).toEqual([]);
});

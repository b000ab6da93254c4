import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { exampleNode } from '../engine/common/examples/example-topologies.js';

// Cost estimates through the browser: a Proxmox landing zone's rate card set on the Environments
// page prices a Proxmox VM in the planner (total, inspector, plan) and in the deploy wizard, with the
// pricing snapshot's date and the currency; nothing is deployed.

test('see the monthly cost of a topology before deploying', async ({ page, nimbus }) => {
  test.setTimeout(180_000);
  await callApi(nimbus.url, 'createIpamPool', { name: 'pve-pool', cidr: '10.61.0.0/24' });
  await callApi(nimbus.url, 'createLandingZone', {
    name: 'pve-lab',
    provider: 'proxmox',
    resolverConfig: { ipam: { pool: 'pve-pool' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await callApi(nimbus.url, 'createEnvironment', { name: 'pve-prod', landingZone: 'pve-lab' });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', {
    name: 'priced',
    document: {
      schemaVersion: 1,
      nodes: [exampleNode('db', 'proxmox-vm@1', 0, 0, { cores: 2, memory_mb: 4096, disk_gb: 40 })],
      wires: [],
    },
  });

  // Before a rate card: the planner says why the VM is not priced, never a silent 0.
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('topology-name')).toHaveText('priced');
  const total = page.getByTestId('planner-cost');
  await expect(total).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('planner-cost-amount')).toHaveText('0.00 USD/month');
  await expect(page.getByTestId('planner-cost-note')).toContainText('pricing snapshot of 2026-12-01 (built-in) · 1 not priced');

  // The rate card, set on the landing zone's card; a bad value is refused in place.
  await page.getByTestId('nav-environments').click();
  const card = page.locator('[data-testid="rate-card"][data-zone="pve-lab"]');
  await expect(card.getByTestId('rate-card-summary')).toContainText('No rate card');
  await card.getByTestId('rate-card-edit').click();
  await card.getByTestId('rate-card-perCore').fill('-3');
  await card.getByTestId('rate-card-perGbRam').fill('5');
  await card.getByTestId('rate-card-perGbDisk').fill('0.5');
  await card.getByTestId('rate-card-save').click();
  await expect(card.getByTestId('rate-card-problem')).toHaveText('Per core must be a number of zero or more');
  await card.getByTestId('rate-card-perCore').fill('10');
  await card.getByTestId('rate-card-save').click();
  await expect(card.getByTestId('rate-card-summary')).toHaveText('10 USD per core · 5 USD per GB of RAM · 0.5 USD per GB of disk');
  await expect(page.getByTestId('pricing-snapshot-date')).toContainText('pricing snapshot of 2026-12-01 (built-in), in USD');

  // The planner: 2 cores × 10 + 4 GB × 5 + 40 GB × 0.5 = 60 USD a month.
  await page.getByTestId('nav-planner').click();
  await expect(page.getByTestId('planner-cost-amount')).toHaveText('60.00 USD/month');
  await expect(page.getByTestId('planner-cost-note')).toHaveText('estimated, pricing snapshot of 2026-12-01 (built-in)');
  await page.locator('[data-testid="planner-node"][data-label="db"]').getByTestId('planner-node-label').click();
  const inspector = page.getByTestId('planner-inspector');
  await expect(inspector.getByTestId('node-cost-amount')).toHaveText('60.00 USD/month');
  await expect(inspector.getByTestId('node-cost')).toContainText('rate card of landing zone pve-lab');
  await expect(inspector.getByTestId('node-cost')).toContainText('Memory: 4 GB × 5 = 20.00 USD');

  // The plan view lists every node's monthly cost.
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('plan-cost-total')).toHaveText('60.00 USD');
  await expect(page.locator('[data-testid="plan-cost-row"][data-node="db"]')).toContainText('60.00 USD');

  // The deploy wizard shows the same total before anything runs.
  await page.getByTestId('toolbar-deploy').click();
  const wizard = page.getByTestId('deploy-wizard-dialog');
  await expect(wizard).toBeVisible();
  await expect(wizard.getByTestId('wizard-cost-amount')).toHaveText('60.00 USD/month');
  await expect(wizard.getByTestId('wizard-cost-note')).toContainText('pricing snapshot of 2026-12-01');
  await wizard.getByTestId('deploy-close').click();

  // The Deployments page rolls up what is deployed per environment: nothing yet.
  await page.getByTestId('nav-deployments').click();
  await expect(page.locator('[data-testid="environment-cost-row"][data-environment="pve-prod"]')).toContainText('0.00 USD');
});

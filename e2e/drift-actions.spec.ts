import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { seedLocalEnvironment } from './seed-environment.js';

// Drift you can act on, through the browser: a real network directory of the local provider is edited
// behind Nimbus' back, the Deployments page shows it drifted, and it is repaired (asked first) and
// later accepted from the drift record, with the real Pulumi CLI. The drifted detail and the Repair and
// Accept dialogs are scanned with axe-core in both themes on the way.

const DOCUMENT = {
  schemaVersion: 1,
  nodes: [{ id: 'net', label: 'net', component: 'local-network@1', position: { x: 0, y: 0 } }],
  wires: [],
};

async function settled(baseUrl: string, jobId: string): Promise<{ status: string }> {
  let job = { status: 'running' };
  const status = async () => (job = (await callApi<{ job: { status: string } }>(baseUrl, 'getJob', { id: jobId })).job).status;
  await expect.poll(status, { message: `job ${jobId} finishes`, timeout: 240_000, intervals: [500] }).not.toBe('running');
  return job;
}

const byLabel = (scope: Page | Locator, testId: string, label: string): Locator =>
  scope.locator(`[data-testid="${testId}"][data-label="${label}"]`);

test('shows a drifted deployment, repairs it from the drift record after confirming, and accepts a later drift', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(300_000);
  const a11y: string[] = [];
  await seedLocalEnvironment(nimbus.url, { environment: 'e2e', pool: 'e2e-drift', cidr: '10.46.0.0/16', landingZone: 'e2e-local' });
  const { jobId } = await callApi<{ jobId: string }>(nimbus.url, 'startDeployment', {
    environment: 'e2e',
    name: 'office',
    document: DOCUMENT,
  });
  expect((await settled(nimbus.url, jobId)).status).toBe('succeeded');
  const [deployment] = await callApi<{ id: string; outputs: Record<string, unknown> }[]>(nimbus.url, 'listDeployments', {
    environment: 'e2e',
  });
  const networkFile = path.join(deployment!.outputs.path as string, 'network.json');
  const mtuOnDisk = () => (JSON.parse(readFileSync(networkFile, 'utf8')) as { mtu: number }).mtu;
  const setMtu = (mtu: number) => writeFileSync(networkFile, readFileSync(networkFile, 'utf8').replace(/"mtu": \d+/, `"mtu": ${mtu}`));

  // Changed behind Nimbus' back; the environment's drift check finds it.
  setMtu(9000);
  await page.goto('/#/deployments');
  await page.locator('[data-testid="deployed-environment"][data-environment="e2e"]').getByTestId('check-environment-drift').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-accept').click();
  await expect(page.getByTestId('operation').filter({ hasText: 'Check drift' })).toHaveAttribute('data-status', 'succeeded', {
    timeout: 120_000,
  });

  // Drifted in the list, the deployed topology's counts and the status filter.
  const row = byLabel(page, 'deployment-row', 'net');
  await expect(row.getByTestId('deployment-status')).toHaveText('drifted');
  await expect(row).toHaveAttribute('data-drifted', 'true');
  await expect(page.locator('[data-testid="deployed-topology"][data-topology="office"] [data-status="drifted"]')).toHaveText('1 drifted');
  await page.getByTestId('deployment-status-filter').selectOption('drifted');
  await expect(page.getByTestId('deployment-row')).toHaveCount(1);

  // The detail: drifted, and the newest drift record offers Repair and Accept.
  await row.getByTestId('open-deployment').click();
  const detail = page.getByTestId('deployment-detail');
  await expect(detail.getByTestId('deployment-detail-status')).toHaveText('drifted');
  const newest = detail.getByTestId('drift-record').first();
  await expect(newest).toHaveAttribute('data-change', 'drift-found');
  await expect(newest.locator('[data-testid="drift-property"][data-name="mtu"]')).toContainText('9000');
  await scanInBothThemes(page, 'deployment detail (drifted, with Repair and Accept)', a11y);

  // Repair asks first: cancelling changes nothing.
  await newest.getByTestId('drift-repair').click();
  const repair = page.getByTestId('repair-drift-dialog');
  await expect(repair).toContainText('This changes real infrastructure');
  await expect(repair.getByTestId('repair-drift-properties')).toContainText('1500');
  await scanInBothThemes(page, 'repair drift dialog', a11y);
  await repair.getByTestId('repair-drift-cancel').click();
  await expect(repair).toHaveCount(0);
  expect(mtuOnDisk()).toBe(9000);

  // Confirmed: a job with progress, then in sync with the real object restored.
  await newest.getByTestId('drift-repair').click();
  await page.getByTestId('repair-drift-dialog').getByTestId('repair-drift-submit').click();
  const repaired = page.getByTestId('operation').filter({ hasText: 'Repair drift of net' });
  await expect(repaired).toBeVisible();
  await expect(repaired).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  await expect(detail.getByTestId('deployment-detail-status')).toHaveText('deployed');
  await expect(detail.getByTestId('drift-record').first()).toHaveAttribute('data-change', 'repaired');
  await expect(detail.getByTestId('drift-repair')).toHaveCount(0);
  expect(mtuOnDisk()).toBe(1500);

  // A later drift is accepted instead: the value table says where the new value came from.
  setMtu(4000);
  await detail.getByTestId('check-drift').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-accept').click();
  await expect(detail.getByTestId('deployment-detail-status')).toHaveText('drifted', { timeout: 120_000 });
  await detail.getByTestId('drift-record').first().getByTestId('drift-accept').click();
  const accept = page.getByTestId('accept-drift-dialog');
  await expect(accept.locator('[data-testid="accept-drift-property"][data-name="mtu"]')).toContainText('4000');
  await scanInBothThemes(page, 'accept drift dialog', a11y);
  await accept.getByTestId('accept-drift-submit').click();
  await expect(page.getByTestId('operation').filter({ hasText: 'Accept drift of net' })).toHaveAttribute('data-status', 'succeeded', {
    timeout: 120_000,
  });
  await expect(detail.getByTestId('deployment-detail-status')).toHaveText('deployed');
  const mtu = detail.locator('[data-testid="deployment-value"][data-key="mtu"]');
  await expect(mtu).toHaveAttribute('data-source', 'drift-accepted');
  await expect(mtu).toContainText('4000');
  await expect(mtu).toContainText('was 1500');
  await expect(detail.getByTestId('drift-record').first()).toHaveAttribute('data-change', 'accepted');
  expect(mtuOnDisk()).toBe(4000);

  // The history holds changes only: drift found, repaired, drift found, accepted.
  await expect(detail.getByTestId('drift-record')).toHaveCount(4);
  await scanInBothThemes(page, 'deployment detail (drift history: found, repaired, found, accepted)', a11y);

  expectNoViolations(a11y);
});

import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { seedLocalEnvironment } from './seed-environment.js';

// Values known only after deploy read the same everywhere, and a topology deployed from a file (as
// `nimbus deploy FILE` does, through the same API method) appears in the planner with its state.

const disk = (id: string, x: number, params?: Record<string, unknown>) => ({
  id,
  label: id,
  component: 'local-storage@1',
  position: { x, y: 0 },
  ...(params ? { params } : {}),
});
/** Two disks, the second sized by the first: its size is known only once the first is deployed. */
const DOCUMENT = {
  schemaVersion: 1,
  nodes: [disk('first', 0, { size_mb: 2 }), disk('second', 420)],
  wires: [{ id: 'size', source: { node: 'first', port: 'size_mb' }, target: { node: 'second', port: 'size_mb' } }],
};

const byLabel = (scope: Page | Locator, testId: string, label: string): Locator =>
  scope.locator(`[data-testid="${testId}"][data-label="${label}"]`);

test('the plan and the deploy wizard preview say "known after deploy"; a file deployed through the API shows in the planner as deployed', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(180_000);
  await seedLocalEnvironment(nimbus.url, { environment: 'e2e', pool: 'e2e-lab', cidr: '10.46.0.0/16', landingZone: 'e2e-local' });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'pair', document: DOCUMENT });

  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await page.getByTestId('toolbar-deploy').click();
  const wizard = page.getByTestId('deploy-wizard-dialog');
  await wizard.getByTestId('deploy-next').click();
  // The resolved parameters (the plan): the wired size in words.
  const secondPlan = wizard.locator('[data-testid="plan-node"][data-label="second"]');
  await expect(secondPlan.locator('[data-testid="plan-value"][data-key="size_mb"]')).toContainText('known after deploy');
  await wizard.getByTestId('deploy-next').click();
  // The preview: the same words where it used to show null.
  await expect(wizard.getByTestId('preview-summary')).toBeVisible({ timeout: 120_000 });
  const change = byLabel(wizard, 'preview-node', 'second').locator('[data-testid="preview-change"][data-name="size_mb"]');
  await expect(change.locator('td').last()).toHaveText('known after deploy');
  await expect(change.locator('td').last()).toHaveAttribute('data-pending', 'true');
  await expect(
    byLabel(wizard, 'preview-node', 'first').locator('[data-testid="preview-change"][data-name="size_mb"] td').last(),
  ).toHaveText('2');
  await page.keyboard.press('Escape');
  await expect(wizard).toHaveCount(0);

  // Deployed from a file: not saved in the planner before, listed there after, with its state.
  const { jobId } = await callApi<{ jobId: string }>(nimbus.url, 'startDeployment', {
    environment: 'e2e',
    name: 'from file',
    document: { schemaVersion: 1, nodes: [disk('scratch', 0, { size_mb: 1 })], wires: [] },
  });
  const settled = (id: string) =>
    expect
      .poll(async () => (await callApi<{ job: { status: string } }>(nimbus.url, 'getJob', { id })).job.status, { timeout: 120_000 })
      .toBe('succeeded');
  await settled(jobId);
  // Another process (the CLI) deployed it: the planner's list shows it once loaded again.
  await page.reload();
  const item = page.getByTestId('topology-item').filter({ hasText: 'from file' });
  await expect(item).toBeVisible();
  await item.click();
  await expect(page.getByTestId('topology-name')).toHaveText('from file');
  await expect(page.getByTestId('plan-environment')).toHaveValue('e2e');
  await expect(byLabel(page, 'planner-node', 'scratch').getByTestId('node-status')).toHaveAttribute('data-status', 'deployed');

  await settled(
    (await callApi<{ jobId: string }>(nimbus.url, 'startTopologyDestroy', { environment: 'e2e', topology: 'from file' })).jobId,
  );
});

import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses } from './leftover-processes.js';

// A new user on a fresh data directory: the planner offers a local sandbox, a checklist leads from an
// empty topology to a deployed one, through the deploy wizard with the real Pulumi CLI.

test('sets up a local sandbox in one click and deploys a first topology through the wizard', async ({ page, nimbus }) => {
  test.setTimeout(300_000);
  try {
    await page.goto('/#/planner');

    // Nothing yet: the empty planner offers the sandbox.
    const empty = page.getByTestId('planner-empty');
    await expect(empty).toBeVisible();
    await empty.getByTestId('sandbox-offer').getByTestId('sandbox-create').click();

    // One click: the sandbox's environment is chosen and a first topology is open, with the checklist.
    await expect(
      page.locator('[data-testid="toast"][data-kind="success"]').filter({ hasText: 'Local sandbox ready: sandbox' }),
    ).toBeVisible();
    await expect(page.getByTestId('topology-name')).toHaveText('first-topology');
    await expect(page.getByTestId('plan-environment')).toHaveValue('sandbox');
    await expect(page.getByTestId('sandbox-offer')).toHaveCount(0);
    const checklist = page.getByTestId('first-run-checklist');
    await expect(checklist).toBeVisible();
    await expect(checklist).toHaveAttribute('data-done', '0');
    const item = (id: string) => checklist.locator(`[data-testid="first-run-item"][data-item="${id}"]`);

    // Another environment sorts before it; after a reload the planner keeps the sandbox, and so does the checklist.
    await callApi(nimbus.url, 'createEnvironment', { name: 'alpha', landingZone: 'sandbox-local' });
    await page.reload();
    await expect(page.getByTestId('topology-name')).toHaveText('first-topology');
    await expect(page.getByTestId('plan-environment')).toHaveValue('sandbox');
    await expect(checklist).toBeVisible();

    // Add a local component from the palette: the first steps tick off (a lone disk needs no wire).
    await page.locator('[data-testid="palette-item"][data-component="local-storage"]').click();
    await expect(page.getByTestId('planner-node')).toHaveCount(1);
    await expect(item('add')).toHaveAttribute('data-done', 'true');
    await expect(item('wire')).toHaveAttribute('data-done', 'true');
    await expect(item('plan')).toHaveAttribute('data-done', 'false');

    // The checklist's next step opens the plan.
    await checklist.getByTestId('first-run-do').click();
    await expect(page.getByTestId('plan-panel')).toBeVisible();
    await expect(item('plan')).toHaveAttribute('data-done', 'true');
    await expect(item('deploy')).toHaveAttribute('data-done', 'false');

    // Deploy through the wizard: save first, the planner's environment is chosen (not the first one).
    await checklist.getByTestId('first-run-do').click();
    const wizard = page.getByTestId('deploy-wizard-dialog');
    await expect(wizard).toBeVisible();
    await wizard.getByTestId('deploy-save').click();
    await expect(wizard.getByTestId('deploy-save-first')).toHaveCount(0);
    await expect(wizard.getByRole('radio', { name: /^sandbox/ })).toBeChecked();
    await expect(wizard.getByRole('radio', { name: /^alpha/ })).not.toBeChecked();
    const step = (id: string) => wizard.locator(`[data-testid="wizard-step"][data-step="${id}"]`);
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('preview-summary')).toBeVisible({ timeout: 120_000 });
    await expect(wizard.getByTestId('preview-summary')).toHaveAttribute('data-create', '1');
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('deploy-confirm-environment')).toHaveText('sandbox');
    await wizard.getByTestId('deploy-confirm').click();

    // Progress counts what runs, then the result step opens by itself.
    const progress = wizard.getByTestId('run-progress');
    await expect(progress).toHaveAttribute('data-running', '1', { timeout: 60_000 });
    await expect(progress).toContainText('1 running · 0 of 1 done');
    await expect(step('result')).toHaveAttribute('aria-current', 'step', { timeout: 180_000 });
    await expect(wizard.locator('[data-testid="result-node"][data-outcome="created"]')).toHaveCount(1);
    // Back to the progress and its logs, which stays there (the result opened once).
    await wizard.getByTestId('deploy-show-progress').click();
    await expect(progress).toHaveAttribute('data-status', 'succeeded');
    await expect(progress).toContainText('1 of 1 done');
    await wizard.getByTestId('deploy-see-result').click();
    await wizard.getByTestId('deploy-done').click();
    await expect(wizard).toHaveCount(0);

    // The canvas shows the node deployed, and the checklist is complete.
    await expect(page.getByTestId('planner-node').getByTestId('node-status')).toHaveAttribute('data-status', 'deployed');
    await expect(item('deploy')).toHaveAttribute('data-done', 'true');
    await expect(checklist).toHaveAttribute('data-done', '4');
    await expect(checklist.getByTestId('first-run-complete')).toBeVisible();
    await checklist.getByTestId('first-run-close').click();
    await expect(checklist).toHaveCount(0);

    // Destroying from the planner (command palette): one component goes, so the confirmation lists it
    // and asks no name.
    await page.keyboard.press('Control+Shift+P');
    const commands = page.getByTestId('command-palette-dialog');
    await commands.getByRole('combobox', { name: 'Search commands' }).fill('destroy deployed');
    await expect(commands.getByRole('option', { name: /Destroy deployed topology/ })).toBeVisible();
    await page.keyboard.press('Enter');
    const destroy = page.getByTestId('destroy-dialog');
    await expect(destroy).toContainText('Destroy first-topology in sandbox?');
    await expect(destroy.getByTestId('destroy-item')).toHaveCount(1);
    await expect(destroy.locator('[data-testid="destroy-item"]')).toHaveAttribute('data-type', 'BlockStorage');
    await expect(destroy.getByTestId('destroy-confirm-name')).toHaveCount(0);
    await destroy.getByTestId('destroy-accept').click();
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Destroyed first-topology in sandbox' })).toBeVisible({
      timeout: 120_000,
    });
    await expect(page.getByTestId('planner-node').getByTestId('node-status')).not.toHaveAttribute('data-status', 'deployed');
    expect(await callApi<unknown[]>(nimbus.url, 'listDeployments', { environment: 'sandbox' })).toEqual([]);
  } finally {
    killLeftoverProcesses(nimbus);
  }
});

test('offers the sandbox beside an open topology when there is no environment, and reuses an existing one', async ({ page, nimbus }) => {
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'mine' });
  await page.goto(`/#/planner/${topology.id}`);
  const offer = page.getByTestId('sandbox-offer');
  await expect(offer).toBeVisible();

  // Set up behind the page's back (another window), then clicked here: found again, nothing made twice.
  await callApi(nimbus.url, 'createLocalSandbox', {});
  await offer.getByTestId('sandbox-create').click();
  await expect(
    page.locator('[data-testid="toast"][data-kind="success"]').filter({ hasText: 'Using the local sandbox sandbox' }),
  ).toBeVisible();
  await expect(page.getByTestId('plan-environment')).toHaveValue('sandbox');
  await expect(offer).toHaveCount(0);
  // The open topology stays; no other is created.
  await expect(page.getByTestId('topology-name')).toHaveText('mine');
  expect(await callApi<unknown[]>(nimbus.url, 'listTopologies', {})).toHaveLength(1);
  expect(await callApi<unknown[]>(nimbus.url, 'listEnvironments', {})).toHaveLength(1);
  await expect(page.getByTestId('first-run-checklist')).toBeVisible();
});

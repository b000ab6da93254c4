import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses, leftoverProcesses } from './leftover-processes.js';
import { seedLocalEnvironment } from './seed-environment.js';
import { addNodeFromQuickPick } from './planner-quick-pick.js';
import { exampleNode, labTopologyDocument } from '../engine/common/examples/example-topologies.js';

// One real deploy and one real destroy through the browser, with the Pulumi CLI and the local
// provider's real objects (directories, sparse files, processes) under the test's data directory.
// Every wizard step, the deployment's detail and the destroy confirmations are scanned with axe-core
// in both themes on the way (these need a real deploy, so the accessibility spec cannot reach them).

/** A network and a disk in the first wave; a machine joining the network (through a wire) in the second. */
const DOCUMENT = labTopologyDocument();

async function seed(baseUrl: string): Promise<{ id: string }> {
  await seedLocalEnvironment(baseUrl, { environment: 'e2e', pool: 'e2e-lab', cidr: '10.45.0.0/16', landingZone: 'e2e-local' });
  return callApi<{ id: string }>(baseUrl, 'createTopology', { name: 'lab', document: DOCUMENT });
}

const byLabel = (scope: Page | Locator, testId: string, label: string): Locator =>
  scope.locator(`[data-testid="${testId}"][data-label="${label}"]`);

test('deploys a saved topology through the wizard, shows deployed and drifted badges in the planner, then destroys it', async ({
  page,
  nimbus,
}) => {
  // A real deploy, drift check and destroy: minutes on a loaded two-core machine.
  test.setTimeout(420_000);
  const a11y: string[] = [];
  const topology = await seed(nimbus.url);

  try {
    await page.goto(`/#/planner/${topology.id}`);
    await expect(page.getByTestId('topology-name')).toHaveText('lab');
    await expect(page.getByTestId('planner-node')).toHaveCount(3);

    // The command's shortcut opens the wizard; Escape closes it while nothing runs.
    await page.getByTestId('planner-canvas').focus();
    await page.keyboard.press('Control+Shift+D');
    const wizard = page.getByTestId('deploy-wizard-dialog');
    await expect(wizard).toBeVisible();
    await expect(wizard.getByRole('heading', { name: 'Deploy lab' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wizard).toHaveCount(0);
    await page.getByTestId('toolbar-deploy').click();
    await expect(wizard).toBeVisible();

    // 1. Environment: the only one is chosen.
    const step = (id: string) => wizard.locator(`[data-testid="wizard-step"][data-step="${id}"]`);
    await expect(step('environment')).toHaveAttribute('aria-current', 'step');
    await expect(wizard.getByRole('radio', { name: /e2e/ })).toBeChecked();
    await scanInBothThemes(page, 'deploy wizard: environment', a11y);
    await wizard.getByTestId('deploy-next').click();

    // 2. Resolved parameters with their sources, in two waves.
    await expect(step('parameters')).toHaveAttribute('aria-current', 'step');
    await expect(wizard.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');
    await expect(wizard.getByTestId('plan-wave')).toHaveCount(2);
    const vmPlan = wizard.locator('[data-testid="plan-node"][data-label="vm"]');
    await expect(vmPlan.locator('[data-testid="plan-value"][data-key="network_id"]')).toHaveAttribute('data-source', 'wire');
    await expect(vmPlan.locator('[data-testid="plan-value"][data-key="ip_address"]')).toHaveAttribute('data-source', 'resolver');
    await expect(vmPlan.locator('[data-testid="plan-value"][data-key="cores"]')).toHaveAttribute('data-source', 'user');
    await scanInBothThemes(page, 'deploy wizard: parameters', a11y);
    await wizard.getByTestId('deploy-next').click();

    // 3. Preview: every node would be created; the machine's parameters are listed.
    await expect(step('preview')).toHaveAttribute('aria-current', 'step');
    const summary = wizard.getByTestId('preview-summary');
    await expect(summary).toBeVisible({ timeout: 120_000 });
    await expect(summary).toHaveAttribute('data-create', '3');
    await expect(wizard.getByTestId('preview-node')).toHaveCount(3);
    await expect(wizard.locator('[data-testid="preview-node"][data-action="create"]')).toHaveCount(3);
    await expect(byLabel(wizard, 'preview-node', 'vm').locator('[data-testid="preview-change"][data-name="cores"]')).toContainText('1');
    await scanInBothThemes(page, 'deploy wizard: preview', a11y);
    await wizard.getByTestId('deploy-next').click();

    // 4. Confirm: the button names what it does.
    await expect(step('confirm')).toHaveAttribute('aria-current', 'step');
    await expect(wizard.getByTestId('deploy-confirm-counts')).toHaveText('3 to create');
    const confirm = wizard.getByTestId('deploy-confirm');
    await expect(confirm).toHaveText('Deploy 3 components');
    await scanInBothThemes(page, 'deploy wizard: confirm', a11y);
    await confirm.click();

    // 5. Live progress. Escape now asks instead of closing; keep watching.
    await expect(step('progress')).toHaveAttribute('aria-current', 'step');
    await expect(wizard.getByTestId('run-node')).toHaveCount(3);
    await page.keyboard.press('Escape');
    const ask = page.getByTestId('confirm-dialog');
    await expect(ask).toBeVisible();
    await expect(ask).toContainText('keeps running');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toHaveCount(0);
    await expect(wizard).toBeVisible();

    // The progress counts the nodes running now from their events: the first wave's two run together.
    const progress = wizard.getByTestId('run-progress');
    await expect(progress).toHaveAttribute('data-total', '3');
    await expect(progress).toHaveAttribute('data-running', '2', { timeout: 60_000 });
    await expect(progress.locator('.progress__text')).toHaveText('2 running · 0 of 3 done');

    // 6. Result: it opens by itself when the deployment ends; every node created, with its outputs.
    await expect(step('result')).toHaveAttribute('aria-current', 'step', { timeout: 180_000 });
    // A success toast lasts a few seconds: look for it as soon as the run has ended.
    await expect(page.locator('[data-testid="toast"][data-kind="success"]').filter({ hasText: 'Deployed lab' })).toBeVisible();
    await expect(wizard.locator('[data-testid="result-node"][data-outcome="created"]')).toHaveCount(3);
    await expect(
      byLabel(wizard, 'result-node', 'net').locator('[data-testid="output"][data-key="network_id"] [data-testid="output-value"]'),
    ).toHaveText(/^net-/);
    await expect(byLabel(wizard, 'result-node', 'vm').locator('[data-testid="output"][data-key="endpoint"]')).toContainText(
      'http://127.0.0.1:',
    );
    await expect(byLabel(wizard, 'result-node', 'disk').locator('[data-testid="output"][data-key="size_mb"]')).toContainText('8');
    await scanInBothThemes(page, 'deploy wizard: result', a11y);

    // Back to the progress: every node succeeded, with its own log streamed from events carrying its node id.
    await wizard.getByTestId('deploy-show-progress').click();
    await expect(step('progress')).toHaveAttribute('aria-current', 'step');
    for (const label of ['net', 'disk', 'vm']) await expect(byLabel(wizard, 'run-node', label)).toHaveAttribute('data-status', 'succeeded');
    await expect(progress).toHaveAttribute('data-status', 'succeeded');
    await expect(progress.locator('.progress__text')).toHaveText('3 of 3 done');
    await expect(wizard.getByTestId('run-progress-bar')).toHaveAttribute('aria-valuenow', '100');
    const vmRow = byLabel(wizard, 'run-node', 'vm');
    await vmRow.getByTestId('run-node-toggle-log').click();
    await expect(vmRow.getByTestId('run-node-log').locator('li')).not.toHaveCount(0);
    await expect(vmRow.getByTestId('run-node-log')).toContainText('succeeded');
    await scanInBothThemes(page, 'deploy wizard: progress (ended, with a log open)', a11y);
    await wizard.getByTestId('deploy-see-result').click();
    await expect(step('result')).toHaveAttribute('aria-current', 'step');

    // The Deployments page: the topology under its environment, its components, their details.
    await wizard.getByTestId('deploy-open-deployments').click();
    await expect(wizard).toHaveCount(0);
    await expect(page.getByTestId('deployments-page')).toBeVisible();
    const deployed = page.locator('[data-testid="deployed-topology"][data-environment="e2e"][data-topology="lab"]');
    await expect(deployed).toBeVisible();
    await expect(deployed.locator('[data-status="deployed"]')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('deployment-row')).toHaveCount(3);

    await byLabel(page, 'deployment-row', 'vm').getByTestId('open-deployment').click();
    const detail = page.getByTestId('deployment-detail');
    await expect(detail).toHaveAttribute('data-status', 'deployed');
    await expect(detail.locator('[data-testid="deployment-value"][data-key="network_id"]')).toHaveAttribute('data-source', 'wire');
    await expect(detail.locator('[data-testid="output"][data-key="machine_id"]')).toBeVisible();
    await expect(detail.getByTestId('cmdb-item')).toHaveCount(1);
    await expect(detail.getByTestId('journal-entry')).not.toHaveCount(0);
    await scanInBothThemes(page, 'deployment detail (deployed)', a11y);
    // One component: a simple confirmation, no name to type.
    await detail.getByTestId('destroy-deployment').click();
    const confirmOne = page.getByTestId('confirm-dialog');
    await expect(confirmOne).toContainText('Destroy vm?');
    await expect(confirmOne.getByTestId('confirm-accept')).toBeEnabled();
    await expect(page.getByTestId('destroy-confirm-name')).toHaveCount(0);
    await scanInBothThemes(page, 'destroy one deployment: confirmation', a11y);
    await confirmOne.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirmOne).toHaveCount(0);
    await page.getByTestId('deployments-back').click();

    // The CMDB: one item per component, and the wire as a relationship.
    await page.getByTestId('deployments-tab-cmdb').click();
    await expect(page.getByTestId('cmdb-item')).toHaveCount(3);
    await expect(page.getByTestId('cmdb-relationship')).not.toHaveCount(0);
    await page.getByTestId('deployments-tab-deployments').click();

    // Drift: the network's file is changed behind Nimbus' back; a drift check records it, and the
    // planner's badges tell the drifted network from the deployed disk and machine.
    const deployments = await callApi<{ nodeId: string; outputs: Record<string, unknown> }[]>(nimbus.url, 'listDeployments', {
      environment: 'e2e',
      topology: 'lab',
    });
    const networkFile = path.join(deployments.find((d) => d.nodeId === 'net')!.outputs.path as string, 'network.json');
    writeFileSync(networkFile, readFileSync(networkFile, 'utf8').replace('"mtu": 1500', '"mtu": 9000'));
    await page.locator('[data-testid="deployed-environment"][data-environment="e2e"]').getByTestId('check-environment-drift').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-accept').click();
    const driftCheck = page.getByTestId('operation').filter({ hasText: 'Check drift' });
    await expect(driftCheck).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
    await page.goto(`/#/planner/${topology.id}`);
    await expect(page.getByTestId('plan-environment')).toHaveValue('e2e');
    const status = (label: string) => byLabel(page, 'planner-node', label).getByTestId('node-status');
    await expect(status('net')).toHaveAttribute('data-status', 'drifted');
    await expect(status('net')).toHaveAttribute('title', /drift found/);
    await expect(status('disk')).toHaveAttribute('data-status', 'deployed');
    await expect(status('vm')).toHaveAttribute('data-status', 'deployed');
    await page.getByTestId('nav-deployments').click();

    // Destroy the topology: the dialog lists what goes, by name and type, and wants the topology's name
    // typed (a wrong one keeps Destroy disabled); then a job with live progress and a toast.
    await deployed.getByTestId('destroy-topology').click();
    const confirmDestroy = page.getByTestId('destroy-dialog');
    await expect(confirmDestroy).toContainText('Destroy lab in e2e?');
    await expect(confirmDestroy.getByTestId('destroy-count')).toHaveAttribute('data-count', '3');
    const goes = (name: string) => confirmDestroy.locator(`[data-testid="destroy-item"][data-name="${name}"]`);
    await expect(goes('net')).toHaveAttribute('data-type', 'VirtualNetwork');
    await expect(goes('disk')).toHaveAttribute('data-type', 'BlockStorage');
    await expect(goes('vm')).toHaveAttribute('data-type', 'VirtualMachine');
    await expect(goes('vm')).toContainText('local-vm@1');
    const accept = confirmDestroy.getByTestId('destroy-accept');
    const typed = confirmDestroy.getByTestId('destroy-confirm-name');
    await expect(accept).toBeDisabled();
    await scanInBothThemes(page, 'destroy topology: confirmation', a11y);
    await typed.fill('la');
    await expect(accept).toBeDisabled();
    await typed.fill('Lab');
    await typed.press('Enter');
    await expect(confirmDestroy).toBeVisible();
    await expect(accept).toBeDisabled();
    await typed.fill('lab');
    await expect(accept).toBeEnabled();
    await accept.click();
    await expect(confirmDestroy).toHaveCount(0);
    const operation = page.getByTestId('operation').filter({ hasText: 'Destroy topology lab in e2e' });
    await expect(operation).toBeVisible();
    await expect(operation).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
    await expect(operation.locator('[data-testid="result-node"][data-outcome="destroyed"]')).toHaveCount(3);
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Destroy topology lab in e2e' })).toBeVisible();
    await expect(deployed).toHaveCount(0);
    await expect(page.getByTestId('deployed-topologies-empty')).toBeVisible();
    await expect(page.getByTestId('deployments-empty')).toBeVisible();
    // The machine's process is gone with it.
    await expect.poll(() => leftoverProcesses(nimbus)).toEqual([]);

    expectNoViolations(a11y);
  } finally {
    // Whatever happened above, leave no machine running behind the test.
    killLeftoverProcesses(nimbus);
  }
});

test('asks for a save before deploying, offers the Environments page when there is none, and shows empty deployments', async ({
  page,
  nimbus,
}) => {
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', {
    name: 'draft',
    document: { schemaVersion: 1, nodes: [exampleNode('disk', 'local-storage@1', 0, 0)], wires: [] },
  });

  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(1);
  await addNodeFromQuickPick(page, 'local-storage@1');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  // Unsaved changes: the wizard says so and will not go on until they are saved.
  await page.getByTestId('toolbar-deploy').click();
  const wizard = page.getByTestId('deploy-wizard-dialog');
  await expect(wizard.getByTestId('deploy-save-first')).toContainText('Save the topology first');
  await expect(wizard.getByTestId('deploy-next')).toBeDisabled();
  await wizard.getByTestId('deploy-save').click();
  await expect(wizard.getByTestId('deploy-save-first')).toHaveCount(0);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  // No environment yet: an empty state offers the local sandbox and leads to the Environments page.
  await expect(wizard.getByTestId('deploy-no-environments')).toBeVisible();
  await expect(wizard.getByTestId('deploy-sandbox-offer').getByTestId('sandbox-create')).toBeEnabled();
  await expect(wizard.getByTestId('deploy-next')).toBeDisabled();
  await wizard.getByTestId('deploy-open-environments').click();
  await expect(wizard).toHaveCount(0);
  await expect(page.getByTestId('environments-page')).toBeVisible();

  // Nothing deployed: every list of the Deployments page says so.
  await page.getByTestId('nav-deployments').click();
  await expect(page.getByTestId('deployed-topologies-empty')).toBeVisible();
  await expect(page.getByTestId('deployments-empty')).toBeVisible();
  await page.getByTestId('deployments-tab-cmdb').click();
  await expect(page.getByTestId('cmdb-items-empty')).toBeVisible();
  await expect(page.getByTestId('cmdb-relationships-empty')).toBeVisible();
  await expect(page.getByTestId('drift-empty')).toBeVisible();
});

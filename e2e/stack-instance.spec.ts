import { rmSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { exampleStackDocument } from './example-stacks.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses, leftoverProcesses } from './leftover-processes.js';
import { seedLocalEnvironment } from './seed-environment.js';

// A stack instance's whole life through the browser, with the real Pulumi CLI, the local provider's
// real objects and the server's real poller: deploy from the dialog, lose a machine behind Nimbus'
// back, watch the instance degrade, heal it from its page, then destroy it.

// The poller notices removed objects within half a second instead of five.
test.use({ nimbusEnv: { NIMBUS_POLL_INTERVAL_MS: '500' } });

async function seed(baseUrl: string): Promise<void> {
  await seedLocalEnvironment(baseUrl, { environment: 'dev', pool: 'e2e-lab', cidr: '10.46.0.0/16', landingZone: 'e2e-local' });
  await callApi(baseUrl, 'createStack', { name: 'ha-web', document: exampleStackDocument('ha-web.stack.yaml') });
  await callApi(baseUrl, 'publishStack', { name: 'ha-web', changelog: 'First version' });
}

const stateNode = (scope: Page | Locator, state: string): Locator => scope.getByTestId(`state-node-${state}`);
const operationRow = (scope: Page | Locator, name: string): Locator =>
  scope.locator(`[data-testid="instance-operation"][data-name="${name}"]`);

test('deploys the HA-web stack from the dialog, degrades when a machine is removed, heals from its page and is destroyed', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(600_000);
  await seed(nimbus.url);

  try {
    // No instance yet: the empty state offers the deploy dialog.
    await page.goto('/#/instances');
    await expect(page.getByTestId('instances-empty')).toBeVisible();
    await page.getByTestId('empty-deploy-stack').click();
    const dialog = page.getByTestId('deploy-stack-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('deploy-stack-stack')).toHaveValue('ha-web');
    await expect(dialog.getByTestId('deploy-stack-version')).toHaveValue('1');
    await expect(dialog.getByTestId('deploy-stack-environment')).toHaveValue('dev');

    // The parameters form comes from the stack's parameter schema, defaults as placeholders.
    const zone = dialog.locator('[data-testid="deploy-param"][data-key="zone"]');
    const cores = dialog.locator('[data-testid="deploy-param"][data-key="web_cores"]');
    await expect(zone).toHaveAttribute('placeholder', 'ha.internal');
    await expect(cores).toHaveAttribute('placeholder', '1');

    // Mistakes are caught in the dialog: a name with capitals, too many cores.
    await dialog.getByTestId('deploy-stack-name').fill('Web');
    await cores.fill('9');
    await dialog.getByTestId('deploy-stack-submit').click();
    await expect(dialog.getByTestId('deploy-stack-error')).toContainText('Lowercase letters');
    await dialog.getByTestId('deploy-stack-name').fill('web');
    await dialog.getByTestId('deploy-stack-submit').click();
    await expect(dialog.getByTestId('deploy-stack-error')).toContainText('web_cores: must be ≤ 8');
    await cores.fill('1');
    await zone.fill('shop.internal');
    await expect(dialog.getByTestId('deploy-stack-submit')).toHaveText('Deploy ha-web@1');
    await dialog.getByTestId('deploy-stack-submit').click();

    // The instance's page opens at once and follows the deploy until the diagram shows it active.
    await expect(dialog).toHaveCount(0);
    const detail = page.getByTestId('instance-detail');
    await expect(detail).toHaveAttribute('data-name', 'web');
    await expect(page).toHaveURL(/#\/instances\/[0-9a-f-]+$/);
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-current', 'true', { timeout: 240_000 });
    await expect(stateNode(detail, 'deploying')).not.toHaveAttribute('data-current', 'true');
    await expect(detail).toHaveAttribute('data-status', 'idle');
    await expect(detail.getByTestId('instance-job')).toHaveAttribute('data-status', 'succeeded');
    await expect(detail.locator('[data-testid="output"][data-key="url"] [data-testid="output-value"]')).toHaveText(
      'http://www.shop.internal',
    );
    await expect(detail.locator('[data-testid="history-entry"]').first()).toHaveAttribute('data-to', 'active');

    // heal runs only when degraded: disabled, and it says so.
    const heal = operationRow(detail, 'heal');
    await expect(heal).toHaveAttribute('data-allowed', 'false');
    await expect(heal.getByTestId('run-operation')).toBeDisabled();
    await expect(heal.getByTestId('run-operation-hint')).toHaveText('Runs only in degraded');
    await expect(operationRow(detail, 'inspect-web1').getByTestId('run-operation')).toBeEnabled();

    // Every slot is deployed, each linking to its deployment.
    const slots = detail.getByTestId('instance-slot');
    await expect(slots).toHaveCount(4);
    const web2Slot = detail.locator('[data-testid="instance-slot"][data-slot="web2"]');
    await expect(web2Slot.getByTestId('instance-slot-link')).toHaveAttribute('href', /^#\/deployments\//);

    // web2's machine is removed behind Nimbus' back; the poller notices and a routing rule degrades the instance.
    const deployments = await callApi<{ nodeId: string; outputs: Record<string, unknown> }[]>(nimbus.url, 'listDeployments', {
      environment: 'dev',
      topology: 'stack:web',
    });
    const machinePath = deployments.find((deployment) => deployment.nodeId === 'web2')?.outputs.path;
    expect(typeof machinePath).toBe('string');
    rmSync(machinePath as string, { recursive: true, force: true });
    await expect(stateNode(detail, 'degraded')).toHaveAttribute('data-current', 'true', { timeout: 30_000 });
    await expect(stateNode(detail, 'active')).not.toHaveAttribute('data-current', 'true');
    const removed = detail.locator('[data-testid="instance-event"][data-type="local.vm.removed"]');
    await expect(removed).toHaveCount(1);
    await expect(removed).toHaveAttribute('data-source', 'poller');
    await expect(removed.getByTestId('instance-event-transition')).toHaveText('active → degraded');
    await expect(removed.getByTestId('instance-event-note')).toContainText('rule 1 (local.*.removed): active → degraded');

    // heal is allowed now: run it from the page, confirming first; it puts the machine back and returns to active.
    await expect(heal).toHaveAttribute('data-allowed', 'true');
    await expect(heal.getByTestId('run-operation-hint')).toHaveCount(0);
    await heal.getByTestId('run-operation').click();
    const run = page.getByTestId('run-operation-dialog');
    await expect(run).toContainText('Run heal on web?');
    await expect(run.getByTestId('run-operation-steps').locator('li')).toHaveText(['refresh every slot', 'redeploy every slot']);
    await run.getByTestId('run-operation-submit').click();
    await expect(run).toHaveCount(0);
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'heal started on web' })).toBeVisible();
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-current', 'true', { timeout: 240_000 });
    await expect(detail.getByTestId('instance-job')).toHaveAttribute('data-status', 'succeeded');
    await expect(detail.locator('[data-testid="history-entry"]').first()).toHaveAttribute('data-trigger', 'healed');
    await expect(heal.getByTestId('run-operation')).toBeDisabled();

    // A manual event goes through the routing rules; the log says why it changed nothing.
    await detail.getByTestId('send-event').click();
    const send = page.getByTestId('send-event-dialog');
    await send.getByTestId('send-event-type').fill('custom.ping');
    await send.getByTestId('send-event-payload').fill('{"from": "e2e"}');
    await send.getByTestId('send-event-submit').click();
    await expect(send).toHaveCount(0);
    const ping = detail.locator('[data-testid="instance-event"][data-type="custom.ping"]');
    await expect(ping).toHaveAttribute('data-taken', 'false');
    await expect(ping.getByTestId('instance-event-note')).toHaveText('no routing rule of ha-web@1 matches custom.ping');
    await expect(detail.getByTestId('instance-event').first()).toHaveAttribute('data-type', 'custom.ping');

    // The command palette offers the page's commands; "Run operation…" lists what is allowed now.
    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByTestId('command-palette-dialog');
    await palette.getByRole('combobox', { name: 'Search commands' }).fill('run operation');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(run.getByTestId('run-operation-choice').locator('option')).toHaveText(['inspect-web1']);
    await run.getByTestId('run-operation-submit').click();
    await expect(run).toHaveCount(0);
    await expect(detail.getByTestId('instance-job-log')).toContainText('1/1 run ls -1');
    await expect(detail.getByTestId('instance-job')).toHaveAttribute('data-status', 'succeeded');

    // A slot's link opens its deployment on the Deployments page.
    await web2Slot.getByTestId('instance-slot-link').click();
    await expect(page.getByTestId('deployment-detail')).toHaveAttribute('data-status', 'deployed');
    await page.goBack();
    await expect(detail).toHaveAttribute('data-name', 'web');

    // Destroy: the dialog lists the slots' components and wants the instance's name typed, then the
    // destroy transition runs to the terminal state.
    await detail.getByTestId('destroy-instance').click();
    const confirm = page.getByTestId('destroy-dialog');
    await expect(confirm).toContainText('Destroy web?');
    await expect(confirm.getByTestId('destroy-item')).toHaveCount(4);
    await expect(confirm.getByTestId('destroy-accept')).toBeDisabled();
    await confirm.getByTestId('destroy-confirm-name').fill('site');
    await expect(confirm.getByTestId('destroy-accept')).toBeDisabled();
    await confirm.getByTestId('destroy-confirm-name').fill('web');
    await confirm.getByTestId('destroy-accept').click();
    await expect(stateNode(detail, 'destroyed')).toHaveAttribute('data-current', 'true', { timeout: 180_000 });
    await expect(detail.getByTestId('destroy-instance')).toBeDisabled();
    await expect(detail.locator('[data-testid="instance-slot"][data-deployment-id=""]')).toHaveCount(4);

    // The list shows it under its environment, destroyed.
    await page.getByTestId('instances-back').click();
    const row = page.locator('[data-testid="instance-environment"][data-environment="dev"] [data-testid="instance-row"][data-name="web"]');
    await expect(row).toHaveAttribute('data-state', 'destroyed');
    await expect(row).toContainText('ha-web@1');
    await expect.poll(() => leftoverProcesses(nimbus)).toEqual([]);
  } finally {
    // Whatever happened above, leave no machine running behind the test.
    killLeftoverProcesses(nimbus);
  }
});

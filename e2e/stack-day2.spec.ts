import { statSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses, leftoverProcesses } from './leftover-processes.js';
import { seedLocalEnvironment } from './seed-environment.js';

// Day 2 of a stack instance through the browser, with the real Pulumi CLI and the local provider:
// an operation that stops at a confirm step (cancelled once while it waits, then confirmed), and an
// upgrade from the instance's page to a version published after the instance was deployed.

const STACK = 'scratch-disk';
const QUESTION = 'Drain scratch before its upgrade?';

const stateMachine = {
  states: [
    { name: 'new', initial: true, position: { x: 0, y: 120 } },
    { name: 'deploying', position: { x: 200, y: 120 } },
    { name: 'active', position: { x: 400, y: 120 } },
    { name: 'drained', position: { x: 600, y: 0 } },
    { name: 'upgrading', position: { x: 600, y: 240 } },
    { name: 'failed', position: { x: 200, y: 300 } },
  ],
  transitions: [
    { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' },
    { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
    { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
    { from: 'active', to: 'drained', trigger: 'drained' },
    // Upgrading is allowed only once drained, so the page must offer it there and not before.
    { from: 'drained', to: 'upgrading', trigger: 'upgrade', workflow: 'upgrade' },
    { from: 'upgrading', to: 'active', trigger: 'upgrade.succeeded' },
    { from: 'upgrading', to: 'failed', trigger: 'upgrade.failed' },
  ],
};

/** One sparse disk (no process, one Pulumi resource), and a drain operation that asks before it runs. */
const version1 = {
  description: 'One disk that is drained, after asking, before an upgrade',
  parameters: { type: 'object', properties: { size_mb: { type: 'integer', minimum: 1, maximum: 64, default: 8 } } },
  slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: 'params.size_mb' } }],
  outputs: { volume: 'slots.disk.volume_id' },
  stateMachine,
  operations: [
    {
      name: 'drain',
      description: 'Ask, let writers finish, then list the disk images',
      requiredStates: ['active'],
      steps: [
        { kind: 'confirm', message: QUESTION },
        { kind: 'wait', seconds: 1 },
        { kind: 'command', slot: 'disk', command: ['ls', '-1'] },
      ],
      onSuccess: 'drained',
    },
  ],
};

/** Version 2: the disk is twice the size parameter, its size is an output, and an inspect operation is added. */
const version2 = {
  ...version1,
  slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: 'params.size_mb * 2' } }],
  outputs: { volume: 'slots.disk.volume_id', size_mb: 'slots.disk.size_mb' },
  operations: [
    ...version1.operations,
    {
      name: 'inspect',
      description: 'List the disk images',
      requiredStates: ['active'],
      steps: [{ kind: 'command', slot: 'disk', command: ['ls', '-1'] }],
    },
  ],
};

interface InstanceDetail {
  instance: {
    id: string;
    state: string;
    status: string;
    version: number;
    machineVersion: number;
    params: Record<string, unknown>;
    outputs: Record<string, unknown>;
    lastError: string | null;
  };
  history: { from: string | null; to: string; trigger: string }[];
}

async function seed(baseUrl: string): Promise<string> {
  await seedLocalEnvironment(baseUrl, { environment: 'dev', pool: 'e2e-lab', cidr: '10.47.0.0/16', landingZone: 'e2e-local' });
  await callApi(baseUrl, 'createStack', { name: STACK, document: version1 });
  await callApi(baseUrl, 'publishStack', { name: STACK, changelog: 'First version' });
  const created = await callApi<{ id: string }>(baseUrl, 'deployStack', { stack: STACK, environment: 'dev', name: 'scratch' });
  return created.id;
}

async function diskOf(baseUrl: string): Promise<{ path: string; size_mb: number }> {
  const deployments = await callApi<{ nodeId: string; outputs: { path: string; size_mb: number } }[]>(baseUrl, 'listDeployments', {
    environment: 'dev',
    topology: 'stack:scratch',
  });
  expect(deployments.map((deployment) => deployment.nodeId)).toEqual(['disk']);
  return deployments[0]!.outputs;
}

const stateNode = (scope: Page | Locator, state: string): Locator => scope.getByTestId(`state-node-${state}`);
const operationRow = (scope: Page | Locator, name: string): Locator =>
  scope.locator(`[data-testid="instance-operation"][data-name="${name}"]`);
/** A value of the instance's Outputs table (its Parameters table has the same test ids). */
const output = (scope: Page | Locator, key: string): Locator =>
  scope
    .getByRole('table', { name: 'Outputs of scratch' })
    .locator(`[data-testid="output"][data-key="${key}"] [data-testid="output-value"]`);
const parameter = (scope: Page | Locator, key: string): Locator =>
  scope
    .getByRole('table', { name: 'Parameters of scratch' })
    .locator(`[data-testid="output"][data-key="${key}"] [data-testid="output-value"]`);

test('runs a day-2 operation through its confirm step (cancelled once while waiting), then upgrades the instance to v2 from its page', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(300_000);

  try {
    const id = await seed(nimbus.url);
    await page.goto(`/#/instances/${id}`);
    const detail = page.getByTestId('instance-detail');
    await expect(detail).toHaveAttribute('data-name', 'scratch');
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-current', 'true', { timeout: 120_000 });
    await expect(detail).toHaveAttribute('data-status', 'idle');
    await expect(detail.getByTestId('instance-job')).toHaveAttribute('data-status', 'succeeded');
    await expect(detail.getByTestId('instance-detail-stack')).toHaveText(`${STACK}@1`);
    const deployed = await diskOf(nimbus.url);
    const image = path.basename(deployed.path);
    expect(image).toMatch(/\.img$/);
    expect(statSync(deployed.path).size).toBe(8 * 1024 * 1024);
    await expect(output(detail, 'volume')).toHaveText(/^disk-/);
    await expect(output(detail, 'size_mb')).toHaveCount(0);
    await expect(parameter(detail, 'size_mb')).toHaveText('8');

    // Upgrading is possible only once drained; the button says so.
    await expect(detail.getByTestId('upgrade-instance')).toBeDisabled();
    await expect(detail.getByTestId('upgrade-instance')).toHaveAttribute('title', 'Upgrade: runs only in drained');

    // Run drain from its row: the dialog lists the steps, the job stops at the confirm step and asks.
    const drain = operationRow(detail, 'drain');
    await expect(drain.getByTestId('run-operation')).toBeEnabled();
    const deployJob = await detail.getByTestId('instance-job').getAttribute('data-job-id');
    await drain.getByTestId('run-operation').click();
    const run = page.getByTestId('run-operation-dialog');
    await expect(run).toContainText('Run drain on scratch?');
    await expect(run.getByTestId('run-operation-steps').locator('li')).toHaveText([
      `ask for confirmation: ${QUESTION}`,
      'wait 1 s',
      'run ls -1 in disk',
    ]);
    await run.getByTestId('run-operation-submit').click();
    await expect(run).toHaveCount(0);
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'drain started on scratch' })).toBeVisible();

    const job = detail.getByTestId('instance-job');
    const waiting = detail.getByTestId('instance-confirmation');
    await expect(waiting).toContainText(`Waiting for confirmation: ${QUESTION}`);
    await expect(job).not.toHaveAttribute('data-job-id', deployJob ?? '');
    await expect(job).toHaveAttribute('data-status', 'running');
    await expect(detail).toHaveAttribute('data-status', 'running');
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-busy', 'true');
    // Nothing else may start meanwhile.
    await expect(drain.getByTestId('run-operation')).toBeDisabled();
    await expect(drain.getByTestId('run-operation-hint')).toHaveText('Wait for the running workflow to finish');
    await expect(detail.getByTestId('upgrade-instance')).toBeDisabled();

    // Cancel it while it waits: the job ends cancelled, its failure trigger is taken, the instance stays active.
    await detail.getByTestId('instance-job-cancel').click();
    const cancel = page.getByTestId('confirm-dialog');
    await expect(cancel).toContainText('Cancel drain?');
    await cancel.getByTestId('confirm-accept').click();
    await expect(job).toHaveAttribute('data-status', 'cancelled');
    await expect(waiting).toHaveCount(0);
    await expect(detail.getByTestId('instance-job-log')).not.toContainText('2/3 wait 1 s');
    await expect(detail.locator('[data-testid="history-entry"]').first()).toHaveAttribute('data-trigger', 'drain.failed');
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-current', 'true');
    await expect(stateNode(detail, 'active')).not.toHaveAttribute('data-busy', 'true');
    // Cancelled is not failed: the history says so, and no error is recorded.
    await expect(detail.locator('[data-testid="history-entry"]').first()).toContainText('workflow drain cancelled');
    await expect(detail).toHaveAttribute('data-status', 'idle');
    await expect(detail.getByTestId('instance-last-error')).toHaveCount(0);
    await expect(drain.getByTestId('run-operation')).toBeEnabled();

    // Run it again and confirm: the wait and the command follow, and its success trigger drains the instance.
    const cancelledJob = await job.getAttribute('data-job-id');
    await drain.getByTestId('run-operation').click();
    await run.getByTestId('run-operation-submit').click();
    await expect(run).toHaveCount(0);
    await expect(waiting).toContainText(`Waiting for confirmation: ${QUESTION}`);
    await expect(job).not.toHaveAttribute('data-job-id', cancelledJob ?? '');
    await expect(job).toHaveAttribute('data-status', 'running');
    await expect(detail.getByTestId('instance-job-log')).not.toContainText('3/3 run ls -1');
    // The question survives a reload: the page finds the waiting job again from the instance.
    await page.reload();
    await expect(detail).toHaveAttribute('data-status', 'running');
    await expect(waiting).toContainText(`Waiting for confirmation: ${QUESTION}`);
    await waiting.getByTestId('instance-confirm').click();
    await expect(waiting).toHaveCount(0);
    await expect(job).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    const log = detail.getByTestId('instance-job-log');
    await expect(log).toContainText('Confirmed');
    // The job words its steps as the dialog listed them.
    await expect(log).toContainText(`1/3 ask for confirmation: ${QUESTION}`);
    await expect(log).toContainText('2/3 wait 1 s');
    await expect(log).toContainText('3/3 run ls -1 in disk');
    await expect(log).toContainText(image);
    await expect(stateNode(detail, 'drained')).toHaveAttribute('data-current', 'true');
    await expect(stateNode(detail, 'active')).not.toHaveAttribute('data-current', 'true');
    const latest = detail.locator('[data-testid="history-entry"]').first();
    await expect(latest).toHaveAttribute('data-from', 'active');
    await expect(latest).toHaveAttribute('data-to', 'drained');
    await expect(latest).toHaveAttribute('data-trigger', 'drained');
    await expect(detail.getByTestId('instance-last-error')).toHaveCount(0);
    await expect(detail).toHaveAttribute('data-status', 'idle');
    await expect(drain.getByTestId('run-operation-hint')).toHaveText('Runs only in active');

    // Version 2 is published after the instance was deployed at v1.
    const draft = await callApi<{ draftRevision: number }>(nimbus.url, 'getStack', { name: STACK });
    await callApi(nimbus.url, 'saveStackDraft', { name: STACK, expectedRevision: draft.draftRevision, document: version2 });
    await callApi(nimbus.url, 'publishStack', { name: STACK, changelog: 'Twice the disk, and its size as an output' });

    // Upgrade from the page: only the newer version is offered.
    const upgrade = detail.getByTestId('upgrade-instance');
    await expect(upgrade).toBeEnabled();
    await upgrade.click();
    const dialog = page.getByTestId('upgrade-instance-dialog');
    await expect(dialog).toContainText(`scratch runs ${STACK} v1.`);
    await expect(dialog.getByTestId('upgrade-instance-version').locator('option')).toHaveText([
      'v2 — Twice the disk, and its size as an output',
    ]);
    await expect(dialog.getByTestId('upgrade-instance-version')).toHaveValue('2');
    await expect(dialog.getByTestId('upgrade-instance-submit')).toHaveText('Upgrade to v2');
    const drainJob = await job.getAttribute('data-job-id');
    await dialog.getByTestId('upgrade-instance-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Upgrading scratch to v2' })).toBeVisible();
    await expect(job).not.toHaveAttribute('data-job-id', drainJob ?? '');

    // The upgrade transition runs and ends in active, now at v2 with v2's outputs and operations.
    await expect(stateNode(detail, 'active')).toHaveAttribute('data-current', 'true', { timeout: 120_000 });
    await expect(job).toHaveAttribute('data-status', 'succeeded');
    await expect(detail).toHaveAttribute('data-status', 'idle');
    await expect(detail.getByTestId('instance-detail-stack')).toHaveText(`${STACK}@2`);
    await expect(latest).toHaveAttribute('data-from', 'upgrading');
    await expect(latest).toHaveAttribute('data-to', 'active');
    await expect(latest).toHaveAttribute('data-trigger', 'upgrade.succeeded');
    await expect(output(detail, 'size_mb')).toHaveText('16');
    await expect(parameter(detail, 'size_mb')).toHaveText('8');
    await expect(output(detail, 'volume')).toHaveText(/^disk-/);
    await expect(operationRow(detail, 'inspect').getByTestId('run-operation')).toBeEnabled();
    await expect(drain.getByTestId('run-operation')).toBeEnabled();
    await expect(upgrade).toBeDisabled();

    // The list shows it at v2, active.
    await detail.getByTestId('instances-back').click();
    const row = page.locator(
      '[data-testid="instance-environment"][data-environment="dev"] [data-testid="instance-row"][data-name="scratch"]',
    );
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toContainText(`${STACK}@2`);

    // The engine's record agrees, and the disk itself grew in place.
    const record = await callApi<InstanceDetail>(nimbus.url, 'getStackInstance', { id });
    expect(record.instance).toMatchObject({
      state: 'active',
      status: 'idle',
      version: 2,
      machineVersion: 2,
      params: { size_mb: 8 },
      lastError: null,
    });
    expect(record.instance.outputs.size_mb).toBe(16);
    expect(record.history.map((entry) => `${entry.from ?? '∅'}>${entry.to}:${entry.trigger}`)).toEqual([
      '∅>new:create',
      'new>deploying:deploy',
      'deploying>active:deploy.succeeded',
      'active>active:operation drain',
      'active>active:drain.failed',
      'active>active:operation drain',
      'active>drained:drained',
      'drained>upgrading:upgrade',
      'upgrading>active:upgrade.succeeded',
    ]);
    const upgraded = await diskOf(nimbus.url);
    expect(upgraded.path).toBe(deployed.path);
    expect(upgraded.size_mb).toBe(16);
    expect(statSync(upgraded.path).size).toBe(16 * 1024 * 1024);

    // Nothing but the server is left running.
    await expect.poll(() => leftoverProcesses(nimbus)).toEqual([]);
  } finally {
    killLeftoverProcesses(nimbus);
  }
});

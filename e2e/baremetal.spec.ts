import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { startSushyEmulator, type SushyEmulator } from '../engine/baremetal/sushy-emulator.js';
import { registryRepository, registryToml } from '../engine/baremetal/test-support.js';

// The Bare metal view against real parts: a registry in a real Git repository on this machine, a real
// Redfish BMC (sushy-tools' emulator) on loopback, and a real deploy with the Pulumi CLI.

let emulator: SushyEmulator;

test.beforeAll(async () => {
  emulator = await startSushyEmulator();
});
test.afterAll(async () => {
  await emulator?.stop();
  expect(emulator.process.exitCode !== null || emulator.process.signalCode !== null).toBe(true);
});

const field = (page: Page, key: string): Locator => page.locator(`[data-testid="inspector-field"][data-key="${key}"]`);

async function settled(baseUrl: string, jobId: string): Promise<{ status: string; error: { message: string } | null }> {
  for (;;) {
    const { job } = await callApi<{ job: { status: string; error: { message: string } | null } }>(baseUrl, 'getJob', { id: jobId });
    if (job.status !== 'running' && job.status !== 'queued') return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test('adds a registry in the Bare metal view, syncs it, shows machines, capacity and a file:line problem, and a node deployed from the wizard holds its machine', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(300_000);
  const repo = registryRepository({
    'east.toml': registryToml('east', [
      { id: 'emu-1', cores: 16, memoryGb: 64, diskGb: 960, location: 'fra1-emu', bmc: emulator.address, system: emulator.system },
      { id: 'spare-1', cores: 32, memoryGb: 128, diskGb: 1920, location: 'fra1-r2', bmc: 'http://127.0.0.1:9', system: 'spare' },
    ]),
  });
  try {
    await page.goto('/#/baremetal');
    await expect(page.getByTestId('baremetal-empty')).toBeVisible();
    const a11y: string[] = [];
    await scanInBothThemes(page, 'bare metal: empty', a11y);

    // Add registry, by keyboard from the empty state's button.
    await page.getByTestId('baremetal-add-empty').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(repo.dir);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`registry-${path.basename(repo.dir)}`)).toHaveAttribute('data-status', 'never');

    await page.getByTestId('baremetal-sync').click();
    await expect(page.getByTestId(`registry-${path.basename(repo.dir)}`)).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('machine-emu-1')).toContainText('fra1-emu');
    await expect(page.getByTestId('machine-state-spare-1')).toHaveText('Free');
    await expect(page.getByTestId('capacity-machines')).toHaveText('2 of 2 (0 reserved)');
    await expect(page.getByTestId('capacity-cores')).toHaveText('48 of 48');
    await scanInBothThemes(page, 'bare metal: machines', a11y);

    // A node deployed on bare metal from the planner and the deploy wizard: placed by capacity, powered
    // on through the emulator.
    await callApi(nimbus.url, 'createLandingZone', { name: 'metal', provider: 'baremetal' });
    await callApi(nimbus.url, 'createEnvironment', { name: 'rack', landingZone: 'metal' });
    await page.getByTestId('nav-planner').click();
    await page.getByTestId('empty-new-topology').click();
    await page.getByTestId('prompt-input').fill('metal');
    await page.getByTestId('prompt-confirm').click();
    await expect(page.getByTestId('topology-name')).toHaveText('metal');
    await page.getByTestId('plan-environment').selectOption('rack');
    await page.locator('[data-testid="palette-item"][data-component="baremetal-server"]').click();
    await expect(page.getByTestId('planner-node')).toHaveCount(1);
    await page.getByTestId('planner-node-label').click();
    for (const [key, value] of [
      ['min_cores', '8'],
      ['location', 'fra1-emu'],
    ] as const) {
      const input = field(page, key).getByTestId('inspector-input');
      await input.fill(value);
      await input.press('Enter');
    }
    // The capacity resolver's choice, with its source, before anything is deployed.
    await expect(field(page, 'machine').getByTestId('inspector-source')).toHaveText('resolver');
    await expect(field(page, 'machine').getByTestId('inspector-input')).toHaveAttribute('placeholder', 'emu-1');

    await page.getByTestId('toolbar-deploy').click();
    const wizard = page.getByTestId('deploy-wizard-dialog');
    await wizard.getByTestId('deploy-save').click();
    await expect(wizard.getByRole('radio', { name: /^rack/ })).toBeChecked();
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('preview-summary')).toHaveAttribute('data-create', '1', { timeout: 120_000 });
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('deploy-confirm-environment')).toHaveText('rack');
    await wizard.getByTestId('deploy-confirm').click();
    await expect(wizard.locator('[data-testid="wizard-step"][data-step="result"]')).toHaveAttribute('aria-current', 'step', {
      timeout: 180_000,
    });
    await expect(wizard.locator('[data-testid="result-node"][data-outcome="created"]')).toHaveCount(1);
    await wizard.getByTestId('deploy-done').click();
    expect((await emulator.state()).PowerState).toBe('On');

    await page.getByTestId('nav-baremetal').click();
    await expect(page.getByTestId('machine-state-emu-1')).toHaveText('Reserved by server-1', { timeout: 30_000 });
    await expect(page.getByTestId('capacity-machines')).toHaveText('1 of 2 (1 reserved)');

    // A broken file: the sync fails, its problem names file and line, the machines stay.
    writeFileSync(path.join(repo.dir, 'west.toml'), 'provider = "west"\n[[machines]]\nid = "w1"\ncpu_cores = = 2\n');
    repo.commit({});
    await page.getByTestId('baremetal-sync').click();
    await expect(page.getByTestId(`registry-problems-${path.basename(repo.dir)}`)).toContainText('west.toml:4: TOML syntax');
    await expect(page.getByTestId('machine-emu-1')).toBeVisible();
    await scanInBothThemes(page, 'bare metal: sync problems', a11y);
    expectNoViolations(a11y);

    const destroyed = await callApi<{ jobId: string }>(nimbus.url, 'startTopologyDestroy', { environment: 'rack', topology: 'metal' });
    expect((await settled(nimbus.url, destroyed.jobId)).status).toBe('succeeded');
    expect((await emulator.state()).PowerState).toBe('Off');
    await expect(page.getByTestId('machine-state-emu-1')).toHaveText('Free', { timeout: 30_000 });
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});

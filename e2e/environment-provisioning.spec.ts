import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses } from './leftover-processes.js';

// An admin creates an environment from a template with a mandatory component in the app, and watches it
// go from provisioning to active while the real Pulumi CLI deploys that component on this machine.

type Deployment = { component: string; status: string; values: Record<string, { value: unknown }> };

test('an environment made from a template is provisioned with its mandatory component, then active', async ({ page, nimbus }) => {
  test.setTimeout(240_000);
  try {
    // A local landing zone with its pool and naming (the sandbox), and a template requiring a disk.
    await callApi(nimbus.url, 'createLocalSandbox', {});
    await callApi(nimbus.url, 'createEnvironmentTemplate', {
      landingZone: 'sandbox-local',
      name: 'with-disk',
      mandatoryComponents: ['local-storage'],
      componentDefaults: { 'local-storage': { size_mb: 8 } },
    });

    await page.goto('/#/environments');
    await page.getByTestId('new-environment').click();
    await page.getByTestId('env-name').fill('team');
    await page.getByTestId('env-landing-zone').selectOption('sandbox-local');
    await page.getByTestId('env-template').selectOption('with-disk');
    await page.getByTestId('new-environment-submit').click();
    await expect(page.getByTestId('new-environment-dialog')).toHaveCount(0);

    const card = page.locator('[data-testid="environment-card"][data-name="team"]');
    await expect(card.getByTestId('environment-status')).toHaveText(/provisioning|active/);
    // The card follows the provisioning job by itself until the environment is active.
    await expect(card.getByTestId('environment-status')).toHaveText('active', { timeout: 180_000 });
    await expect(card.getByTestId('environment-status-reason')).toHaveCount(0);

    // What made it active: the mandatory disk, deployed with the template's default size.
    const deployments = await callApi<Deployment[]>(nimbus.url, 'listDeployments', { environment: 'team' });
    expect(deployments.map(({ component, status }) => ({ component, status }))).toEqual([
      { component: 'local-storage', status: 'deployed' },
    ]);
    expect(deployments[0]?.values['size_mb']?.value).toBe(8);
    const environments = await callApi<{ name: string; status?: string }[]>(nimbus.url, 'listEnvironments', {});
    expect(environments.find((environment) => environment.name === 'team')?.status).toBe('active');
  } finally {
    killLeftoverProcesses(nimbus);
  }
});

test('a failed provisioning shows its reason on the card; after the template is fixed in the app, Retry makes it active, and Provision again adds what the template gains', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(240_000);
  try {
    await callApi(nimbus.url, 'createLocalSandbox', {});
    // A default the component refuses: the disk is far larger than local-storage allows.
    await callApi(nimbus.url, 'createEnvironmentTemplate', {
      landingZone: 'sandbox-local',
      name: 'huge-disk',
      mandatoryComponents: ['local-storage'],
      componentDefaults: { 'local-storage': { size_mb: 99_999_999_999 } },
    });

    await page.goto('/#/environments');
    await page.getByTestId('new-environment').click();
    await page.getByTestId('env-name').fill('lab');
    await page.getByTestId('env-landing-zone').selectOption('sandbox-local');
    await page.getByTestId('env-template').selectOption('huge-disk');
    await page.getByTestId('new-environment-submit').click();
    const card = page.locator('[data-testid="environment-card"][data-name="lab"]');
    await expect(card.getByTestId('environment-status')).toHaveText('failed', { timeout: 120_000 });
    await expect(card.getByTestId('environment-status-reason')).toContainText('local-storage');
    await expect(card.getByTestId('environment-status-reason')).toContainText('size_mb');

    // The fix, in the Templates tab: a size the component accepts.
    await page.getByTestId('environments-tab-templates').click();
    const row = page.locator('[data-testid="template-row"][data-name="huge-disk"]');
    await row.getByTestId('template-edit').click();
    const dialog = page.getByTestId('edit-template-dialog');
    await expect(dialog.getByTestId('template-zone')).toBeDisabled();
    const size = dialog
      .locator('[data-testid="template-defaults-component"][data-component="local-storage"]')
      .getByTestId('template-default');
    await expect(size.getByTestId('template-default-parameter')).toHaveValue('size_mb');
    await expect(size.getByTestId('template-default-value')).toHaveValue('99999999999');
    await size.getByTestId('template-default-value').fill('16');
    await dialog.getByTestId('edit-template-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(row.getByTestId('template-defaults')).toHaveText('local-storage: size_mb=16');

    // Retry from the card: provisioned with the new default, then active.
    await page.getByTestId('environments-tab-environments').click();
    await card.getByTestId('retry-provisioning').click();
    await expect(card.getByTestId('environment-status')).toHaveText('active', { timeout: 180_000 });
    await expect(card.getByTestId('environment-status-reason')).toHaveCount(0);
    const deployments = await callApi<Deployment[]>(nimbus.url, 'listDeployments', { environment: 'lab' });
    expect(deployments.map((deployment) => deployment.values['size_mb']?.value)).toEqual([16]);

    // The template gains a component; Provision again (after a confirmation) deploys it into lab.
    await page.getByTestId('environments-tab-templates').click();
    await row.getByTestId('template-edit').click();
    await dialog.getByTestId('template-mandatory-input').selectOption(['local-storage', 'local-secret']);
    await dialog.getByTestId('edit-template-submit').click();
    await expect(dialog).toHaveCount(0);
    await page.getByTestId('environments-tab-environments').click();
    await card.getByTestId('reprovision').click();
    await page.getByTestId('confirm-accept').click();
    await expect(card.getByTestId('environment-status')).toHaveText('active', { timeout: 180_000 });
    await expect
      .poll(async () =>
        (await callApi<Deployment[]>(nimbus.url, 'listDeployments', { environment: 'lab' })).map((each) => each.component).sort(),
      )
      .toEqual(['local-secret', 'local-storage']);
  } finally {
    killLeftoverProcesses(nimbus);
  }
});

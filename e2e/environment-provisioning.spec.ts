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

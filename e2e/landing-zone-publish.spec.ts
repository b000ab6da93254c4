import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses } from './leftover-processes.js';

// An admin designs a landing zone's system services as a topology, sets them on the zone's card and
// publishes: the real Pulumi CLI deploys them into the zone's system environment on this machine.

const disk = (id: string, component: string) => ({ id, label: id, component, position: { x: 0, y: 0 }, params: { size_mb: 8 } });

test('sets a landing zone’s system services from a saved topology and publishes them into its system environment', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(240_000);
  try {
    await callApi(nimbus.url, 'createLocalSandbox', {});
    // Two saved topologies: one of the zone's provider, one naming a Proxmox component.
    await callApi(nimbus.url, 'createTopology', {
      name: 'platform',
      document: { schemaVersion: 1, nodes: [disk('shared-disk', 'local-storage@1')], wires: [] },
    });
    await callApi(nimbus.url, 'createTopology', {
      name: 'wrong-provider',
      document: {
        schemaVersion: 1,
        nodes: [{ id: 'net', label: 'net', component: 'proxmox-network@1', position: { x: 0, y: 0 } }],
        wires: [],
      },
    });

    await page.goto('/#/environments');
    const card = page.locator('[data-testid="landing-zone-card"][data-name="sandbox-local"]');
    const services = card.getByTestId('system-services');
    await expect(services.getByTestId('landing-zone-status')).toHaveText('draft');
    await expect(services.getByTestId('system-services-empty')).toBeVisible();
    await expect(services.getByTestId('publish-landing-zone')).toBeDisabled();

    // Another provider's component is refused inside the dialog, naming it; nothing is set.
    await services.getByTestId('system-services-from-topology').click();
    const dialog = page.getByTestId('system-services-topology-dialog');
    await dialog.getByTestId('system-services-topology').selectOption({ label: 'wrong-provider' });
    await dialog.getByTestId('system-services-topology-submit').click();
    await expect(dialog.getByTestId('system-services-topology-error')).toContainText('proxmox');
    const a11y: string[] = [];
    await scanInBothThemes(page, 'system services: from a topology', a11y);
    expectNoViolations(a11y);

    await dialog.getByTestId('system-services-topology').selectOption({ label: 'platform' });
    await dialog.getByTestId('system-services-topology-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(services.getByTestId('system-service-nodes')).toContainText('shared-disk');

    await services.getByTestId('publish-landing-zone').click();
    await expect(services.getByTestId('landing-zone-status')).toHaveText('published', { timeout: 180_000 });
    await expect(services).toContainText('Deployed into sandbox-local-system');
    const system = page.locator('[data-testid="environment-card"][data-name="sandbox-local-system"]');
    await page.reload();
    await expect(system.getByTestId('environment-provisioning')).toContainText('system environment of its landing zone');
    const deployments = await callApi<{ component: string; status: string }[]>(nimbus.url, 'listDeployments', {
      environment: 'sandbox-local-system',
    });
    expect(deployments.map(({ component, status }) => ({ component, status }))).toEqual([
      { component: 'local-storage', status: 'deployed' },
    ]);
  } finally {
    killLeftoverProcesses(nimbus);
  }
});

import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { scan, type Theme } from './axe-scan.js';
import { exampleStackDocument } from './example-stacks.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses } from './leftover-processes.js';
import { seedLocalEnvironment } from './seed-environment.js';
import { labTopologyDocument } from '../engine/common/examples/example-topologies.js';

// Every page of the app, in the light and the dark theme, scanned with axe-core: no violation of
// serious or critical impact (contrast, names, labels, roles, ARIA), and exactly one h1 per page.
//
// Nothing is excluded: Monaco's editor and the planner canvas (our own React nodes, sockets and
// wires inside Rete's area) are scanned like the rest of the page.

interface Seeded {
  topology: string;
  instance: string;
}

/** What the pages show: an environment, a topology with wired nodes, a component, the example stack and one instance of it. */
async function seed(baseUrl: string, theme: Theme): Promise<Seeded> {
  await callApi(baseUrl, 'updateSettings', { theme });
  await seedLocalEnvironment(baseUrl, { environment: 'dev', pool: 'a11y-lab', cidr: '10.47.0.0/16', landingZone: 'a11y-local' });
  const topology = await callApi<{ id: string }>(baseUrl, 'createTopology', {
    name: 'lab',
    document: labTopologyDocument(),
  });
  await callApi(baseUrl, 'createComponent', {
    name: 'web-vm',
    provider: 'local',
    semanticType: 'VirtualMachine',
    content: {
      description: 'A machine for the accessibility scan.',
      code: "import * as pulumi from '@pulumi/pulumi';\n\nexport const host = new pulumi.Config().require('hostname');\n",
      inputSchema: {
        type: 'object',
        required: ['hostname'],
        properties: {
          hostname: { type: 'string', format: 'hostname' },
          cores: { type: 'integer', default: 2, description: 'Virtual CPUs' },
        },
      },
      outputSchema: { type: 'object', properties: { host: { type: 'string' } } },
      resolverBindings: { hostname: { resolver: 'naming' } },
    },
  });
  await callApi(baseUrl, 'createStack', { name: 'ha-web', document: exampleStackDocument('ha-web.stack.yaml') });
  await callApi(baseUrl, 'publishStack', { name: 'ha-web', changelog: 'First version' });
  // An instance in a landing zone without an IPAM pool: its deploy fails while resolving, before
  // Pulumi runs anything, and its page shows the failed state, its history and the error (cheaply).
  await callApi(baseUrl, 'createLandingZone', { name: 'bare', provider: 'local', resolverConfig: {} });
  await callApi(baseUrl, 'createEnvironment', { name: 'bare-env', landingZone: 'bare' });
  const instance = await callApi<{ id: string }>(baseUrl, 'deployStack', { stack: 'ha-web', environment: 'bare-env', name: 'web' });
  return { topology: topology.id, instance: instance.id };
}

async function scanEveryPage(page: Page, seeded: Seeded, theme: Theme): Promise<string[]> {
  const found: string[] = [];
  const visit = async (hash: string, ready: string) => {
    await page.goto(`/${hash}`);
    await expect(page.getByTestId(ready).first()).toBeVisible();
  };

  await visit(`#/planner/${seeded.topology}`, 'planner-node');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await scan(page, 'planner (topology with nodes)', found);

  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByTestId('command-palette-dialog')).toBeVisible();
  await scan(page, 'command palette', found);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette-dialog')).toBeHidden();

  await visit('#/catalog', 'catalog-card');
  await scan(page, 'catalog', found);
  await page.getByTestId('catalog-card').first().click();
  await expect(page.getByTestId('component-detail-name')).toBeVisible();
  await scan(page, 'catalog component detail', found);

  await visit('#/components/web-vm', 'component-editor');
  await expect(page.getByTestId('component-editor').locator('.monaco-editor')).toBeVisible();
  await scan(page, 'component editor (code)', found);
  await page.getByTestId('component-tab-contract').click();
  await expect(page.getByTestId('contract-editor')).toBeVisible();
  await scan(page, 'component editor (contract)', found);
  await page.getByTestId('component-tab-bindings').click();
  await scan(page, 'component editor (resolver bindings)', found);
  await page.getByTestId('component-tab-history').click();
  await scan(page, 'component editor (versions)', found);
  await page.getByTestId('new-component').click();
  await expect(page.getByTestId('new-component-dialog')).toBeVisible();
  await scan(page, 'new component dialog', found);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('new-component-dialog')).toHaveCount(0);

  await visit('#/stacks/ha-web', 'stack-editor');
  for (const tab of ['slots', 'parameters', 'machine', 'lifecycle', 'versions']) {
    await page.getByTestId(`stack-tab-${tab}`).click();
    await expect(page.getByTestId(`stack-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    await scan(page, `stack editor (${tab})`, found);
  }
  await page.getByTestId('new-stack').click();
  await expect(page.getByTestId('new-stack-dialog')).toBeVisible();
  await scan(page, 'new stack dialog', found);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('new-stack-dialog')).toHaveCount(0);

  await visit('#/instances', 'instance-row');
  await scan(page, 'stack instances', found);
  await visit(`#/instances/${seeded.instance}`, 'instance-detail');
  await expect(page.getByTestId('instance-detail')).not.toHaveAttribute('data-loading', 'true');
  await expect(page.locator('[data-testid="state-node-failed"][data-current="true"]')).toBeVisible({ timeout: 60_000 });
  await scan(page, 'stack instance detail', found);

  await visit('#/environments', 'environments-page');
  await scan(page, 'environments', found);
  await page.getByTestId('environments-tab-ipam').click();
  await scan(page, 'environments (IPAM)', found);

  await visit('#/deployments', 'deployments-page');
  await scan(page, 'deployments', found);
  await page.getByTestId('deployments-tab-cmdb').click();
  await scan(page, 'deployments (CMDB & drift)', found);

  await visit('#/audit', 'audit-row');
  await scan(page, 'audit', found);
  await page.getByTestId('audit-row-toggle').first().click();
  await scan(page, 'audit (an entry open)', found);

  await visit('#/sync', 'sync-local');
  await scan(page, 'sync (local)', found);
  await visit('#/approvals', 'approvals-empty');
  await scan(page, 'approvals (none pending)', found);
  await page.getByTestId('approvals-tab-policies').click();
  await expect(page.getByTestId('approval-policies-empty')).toBeVisible();
  await scan(page, 'approvals (policies)', found);

  await visit('#/settings', 'settings-page');
  await scan(page, 'settings', found);
  return found;
}

for (const theme of ['light', 'dark'] as const) {
  test(`every page passes an axe scan (no serious or critical violation) in the ${theme} theme`, async ({ page, nimbus }) => {
    test.setTimeout(480_000);
    try {
      const seeded = await seed(nimbus.url, theme);
      const found = await scanEveryPage(page, seeded, theme);
      expect(found, `Accessibility violations in the ${theme} theme:\n${found.join('\n')}`).toEqual([]);
    } finally {
      killLeftoverProcesses(nimbus);
    }
  });
}

import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { addNodeFromQuickPick } from './planner-quick-pick.js';

const appServer = {
  name: 'e2e-app',
  provider: 'local',
  semanticType: 'VirtualMachine',
  content: {
    description: 'An application server whose name and address come from resolvers.',
    code: 'export const address = "";\n',
    inputSchema: {
      type: 'object',
      required: ['hostname', 'ip'],
      properties: {
        hostname: { type: 'string', format: 'hostname' },
        ip: { type: 'string', format: 'ipv4' },
        cores: { type: 'integer', default: 2, minimum: 1, maximum: 8 },
        upstream: { type: 'string' },
      },
    },
    outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
    resolverBindings: { hostname: { resolver: 'naming' }, ip: { resolver: 'ipam' } },
  },
};

const node = (id: string, label: string, x: number, y: number, params?: Record<string, unknown>) => ({
  id,
  label,
  component: 'e2e-app@1',
  position: { x, y },
  ...(params ? { params } : {}),
});

/** db and cache deploy first, in parallel; web waits for db because it takes db's address. */
const DOCUMENT = {
  schemaVersion: 1,
  nodes: [node('db', 'db', 0, 0, { cores: 4 }), node('cache', 'cache', 0, 240), node('web', 'web', 420, 100)],
  wires: [{ id: 'db-to-web', source: { node: 'db', port: 'address' }, target: { node: 'web', port: 'upstream' } }],
};

async function setUpEnvironment(baseUrl: string): Promise<void> {
  await callApi(baseUrl, 'createComponent', appServer);
  await callApi(baseUrl, 'publishComponent', { name: 'e2e-app', changelog: 'First version' });
  await callApi(baseUrl, 'createIpamPool', { name: 'plan-pool', cidr: '10.60.0.0/24' });
  await callApi(baseUrl, 'createLandingZone', {
    name: 'plan-zone',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'plan-pool' }, naming: { domain: 'plan.internal' } },
  });
  await callApi(baseUrl, 'createEnvironment', { name: 'qa', landingZone: 'plan-zone' });
}

const planNode = (page: Page, label: string): Locator => page.locator(`[data-testid="plan-node"][data-label="${label}"]`);
const planValue = (page: Page, label: string, key: string): Locator =>
  planNode(page, label).locator(`[data-testid="plan-value"][data-key="${key}"]`);

test('plans the open topology against an environment: waves, resolved values and their sources', async ({ page, nimbus }) => {
  await setUpEnvironment(nimbus.url);
  // A second environment, so picking one is a real choice.
  await callApi(nimbus.url, 'createEnvironment', { name: 'aa-other', landingZone: 'plan-zone' });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'Three tiers', document: DOCUMENT });

  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('topology-name')).toHaveText('Three tiers');
  await expect(page.getByTestId('planner-node')).toHaveCount(3);

  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('toolbar-plan')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('plan-panel')).toBeVisible();
  await page.getByTestId('plan-environment').selectOption('qa');

  const waves = page.getByTestId('plan-wave');
  await expect(waves).toHaveCount(2);
  await expect(waves.nth(0)).toContainText('Wave 1');
  // Inside a wave the order carries no meaning; only membership does.
  await expect.poll(async () => (await waves.nth(0).getByTestId('plan-wave-node').allInnerTexts()).sort()).toEqual(['cache', 'db']);
  await expect(waves.nth(1)).toContainText('Wave 2');
  await expect(waves.nth(1).getByTestId('plan-wave-node')).toHaveText(['web']);

  // An address from the environment's pool, chosen by the IPAM resolver.
  await expect(planValue(page, 'db', 'ip')).toHaveAttribute('data-source', 'resolver');
  await expect(planValue(page, 'db', 'ip').getByTestId('plan-source')).toHaveText('resolver');
  await expect(planValue(page, 'db', 'ip').getByTestId('plan-value-text')).toHaveText(/^10\.60\.0\.\d+$/);
  await expect(planValue(page, 'db', 'hostname')).toHaveAttribute('data-source', 'resolver');
  // The user's own value, and a default.
  await expect(planValue(page, 'db', 'cores')).toHaveAttribute('data-source', 'user');
  await expect(planValue(page, 'db', 'cores').getByTestId('plan-source')).toHaveText('user');
  await expect(planValue(page, 'db', 'cores').getByTestId('plan-value-text')).toHaveText('4');
  await expect(planValue(page, 'cache', 'cores')).toHaveAttribute('data-source', 'default');
  // A wired value is known only once db is deployed.
  await expect(planValue(page, 'web', 'upstream')).toHaveAttribute('data-source', 'wire');
  await expect(planValue(page, 'web', 'upstream')).toHaveAttribute('data-pending', 'true');
  await expect(planValue(page, 'web', 'upstream')).toContainText('known after deploy');
  await expect(planValue(page, 'web', 'upstream')).toContainText('db.address');
  await expect(page.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');

  // The plan follows unsaved edits on the canvas: a new node joins the first wave.
  await addNodeFromQuickPick(page, 'e2e-app@1');
  await expect(page.getByTestId('planner-node')).toHaveCount(4);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');
  await expect(page.getByTestId('plan-node')).toHaveCount(4);
  await expect(waves.nth(0).getByTestId('plan-wave-node')).toHaveCount(3);

  // Refresh plans again; Shift+P closes and reopens the panel from the keyboard.
  await page.getByTestId('plan-refresh').click();
  await expect(page.getByTestId('plan-node')).toHaveCount(4);
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Shift+P');
  await expect(page.getByTestId('plan-panel')).toHaveCount(0);
  await expect(page.getByTestId('toolbar-plan')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Shift+P');
  await expect(page.getByTestId('plan-panel')).toBeVisible();
  await expect(page.getByTestId('plan-wave')).toHaveCount(2);
});

test('shows values with problems in red and offers the Environments page when there is no environment', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', appServer);
  await callApi(nimbus.url, 'publishComponent', { name: 'e2e-app', changelog: 'First version' });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'Lonely', document: DOCUMENT });

  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('plan-no-environments')).toBeVisible();
  await page.getByTestId('plan-open-environments').click();
  await expect(page.getByTestId('environments-page')).toBeVisible();

  // Once an environment exists, coming back to the planner plans against it.
  await callApi(nimbus.url, 'createIpamPool', { name: 'plan-pool', cidr: '10.60.0.0/24' });
  await callApi(nimbus.url, 'createLandingZone', { name: 'plan-zone', provider: 'local', resolverConfig: { ipam: { pool: 'plan-pool' } } });
  await callApi(nimbus.url, 'createEnvironment', { name: 'qa', landingZone: 'plan-zone' });
  await page.getByTestId('nav-planner').click();
  await expect(page.getByTestId('plan-environment')).toHaveValue('qa');
  await expect(page.getByTestId('plan-wave')).toHaveCount(2);

  // A value the component's contract refuses: the node and the value are flagged.
  const broken = {
    ...DOCUMENT,
    nodes: DOCUMENT.nodes.map((entry) => (entry.id === 'cache' ? { ...entry, params: { cores: 64 } } : entry)),
  };
  const saved = await callApi<{ revision: number }>(nimbus.url, 'getTopology', { id: topology.id });
  await callApi(nimbus.url, 'saveTopology', { id: topology.id, expectedRevision: saved.revision, document: broken });
  await page.reload();
  await page.getByTestId('toolbar-plan').click();
  await expect(planNode(page, 'cache')).toHaveAttribute('data-status', 'invalid');
  await expect(planNode(page, 'cache').getByTestId('plan-issue')).toContainText('cores');
  await expect(page.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'false');
  await expect(planNode(page, 'db')).toHaveAttribute('data-status', 'valid');
});

import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { exampleStackDocument } from './example-stacks.js';
import { expect, test } from './fixtures.js';

// Stacks in the planner: a published stack is in the palette, lands on the canvas as one node with
// its parameters as inputs and its outputs as outputs, takes wires like a component, and plans.

test.use({ viewport: { width: 1600, height: 1000 } });

const node = (page: Page, label: string): Locator => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const paletteItem = (page: Page, name: string): Locator => page.locator(`[data-testid="palette-item"][data-component="${name}"]`);

test('a published stack is placed, wired and planned as one node', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createIpamPool', { name: 'stack-lab', cidr: '10.48.0.0/16' });
  await callApi(nimbus.url, 'createLandingZone', {
    name: 'stack-local',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'stack-lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await callApi(nimbus.url, 'createEnvironment', { name: 'lab', landingZone: 'stack-local' });
  await callApi(nimbus.url, 'createStack', { name: 'ha-web', document: exampleStackDocument('ha-web.stack.yaml') });
  await callApi(nimbus.url, 'publishStack', { name: 'ha-web', changelog: 'First version' });
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'site' });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-palette')).toBeVisible();

  // In the palette, under Stacks, beside the components.
  await page.getByTestId('palette-search').fill('web');
  await expect(paletteItem(page, 'stack:ha-web')).toBeVisible();
  await expect(page.getByTestId('planner-palette')).toContainText('Stacks');
  await paletteItem(page, 'stack:ha-web').click();
  await page.getByTestId('palette-search').fill('');

  // One node: the stack's parameters in, its outputs out.
  const stack = node(page, 'ha-web-1');
  await expect(stack).toBeVisible();
  for (const port of ['zone', 'web_cores'])
    await expect(stack.locator(`[data-testid="node-input-socket"][data-port="${port}"]`)).toHaveCount(1);
  for (const port of ['url', 'web1', 'web2'])
    await expect(stack.locator(`[data-testid="node-output-socket"][data-port="${port}"]`)).toHaveCount(1);

  // The inspector's form comes from the stack's parameter schema.
  await stack.getByTestId('planner-node-label').click();
  await expect(page.getByTestId('inspector-component')).toHaveText('stack:ha-web@1');
  const cores = page.locator('[data-testid="inspector-field"][data-key="web_cores"]');
  await expect(cores.getByTestId('inspector-input')).toHaveAttribute('placeholder', '1');
  await cores.getByTestId('inspector-input').fill('9');
  await cores.getByTestId('inspector-input').press('Enter');
  await expect(stack).toHaveAttribute('data-status', 'invalid');
  await cores.getByTestId('inspector-input').fill('2');
  await cores.getByTestId('inspector-input').press('Enter');
  await expect(stack).toHaveAttribute('data-status', 'valid');

  // Planned against the environment: one wave, the stack a valid node.
  await expect(page.getByTestId('plan-environment')).toHaveValue('lab');
  await page.getByTestId('toolbar-plan').click();
  await expect(stack.getByTestId('node-wave')).toHaveAttribute('data-wave', '1');

  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  const saved = await callApi<{ document: { nodes: { component: string; params?: Record<string, unknown> }[] } }>(
    nimbus.url,
    'getTopology',
    { id: topology.id },
  );
  expect(saved.document.nodes).toEqual([expect.objectContaining({ component: 'stack:ha-web@1', params: { web_cores: 2 } })]);
});

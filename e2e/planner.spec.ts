import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { addNodeFromQuickPick } from './planner-quick-pick.js';

async function createTopology(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-planner').click();
  await expect(page.getByTestId('planner-empty')).toBeVisible();
  await page.getByTestId('empty-new-topology').click();
  await page.getByTestId('prompt-input').fill(name);
  await page.getByTestId('prompt-confirm').click();
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('planner-canvas')).toBeVisible();
}

/** Drags with real pointer events from one element's centre to another's, as a person would. */
async function dragBetween(
  page: Page,
  from: { boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null> },
  to: typeof from,
) {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('drag endpoints are not visible');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

const node = (page: Page, label: string) => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const output = (page: Page, label: string, port: string) =>
  node(page, label).locator(`[data-testid="node-output-socket"][data-port="${port}"]`);
const input = (page: Page, label: string, port: string) =>
  node(page, label).locator(`[data-testid="node-input-socket"][data-port="${port}"]`);

/** A network and a machine, as the quick pick adds them (network-1, vm-1). */
async function addNetworkAndMachine(page: Page): Promise<void> {
  await addNodeFromQuickPick(page, 'local-network@1');
  await addNodeFromQuickPick(page, 'local-vm@1');
}

test('builds a topology, connects two nodes, saves, and finds it intact after a reload', async ({ page }) => {
  await createTopology(page, 'Edge network');
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');
  const revision = page.getByTestId('revision-label');
  const dirty = page.getByTestId('dirty-indicator');

  await expect(revision).toHaveAttribute('data-revision', '1');
  await expect(dirty).toHaveAttribute('data-dirty', 'false');

  await addNetworkAndMachine(page);
  await expect(nodes).toHaveCount(2);
  await expect(node(page, 'network-1')).toContainText('local-network@1');
  await expect(node(page, 'vm-1')).toContainText('local-vm@1');
  await expect(dirty).toHaveAttribute('data-dirty', 'true');

  await dragBetween(page, output(page, 'network-1', 'network_id'), input(page, 'vm-1', 'network_id'));
  await expect(wires).toHaveCount(1);

  await page.getByTestId('toolbar-save').click();
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(dirty).toHaveAttribute('data-dirty', 'false');

  await page.reload();
  await expect(nodes).toHaveCount(2);
  await expect(wires).toHaveCount(1);
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('topology-name')).toHaveText('Edge network');
  await expect(node(page, 'network-1')).toBeVisible();
  await expect(node(page, 'vm-1')).toContainText('local-vm@1');
  await expect(dirty).toHaveAttribute('data-dirty', 'false');
});

test('undoes and redoes adding a node from the toolbar and the keyboard', async ({ page }) => {
  await createTopology(page, 'Undo playground');
  const nodes = page.getByTestId('planner-node');

  await addNetworkAndMachine(page);
  await expect(nodes).toHaveCount(2);

  await page.getByTestId('toolbar-undo').click();
  await expect(nodes).toHaveCount(1);
  await expect(node(page, 'vm-1')).toHaveCount(0);
  await page.getByTestId('toolbar-redo').click();
  await expect(nodes).toHaveCount(2);
  await expect(node(page, 'vm-1')).toBeVisible();

  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(0);
  await expect(page.getByTestId('toolbar-undo')).toBeDisabled();
  await page.keyboard.press('Control+Shift+Z');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('Control+y');
  await expect(nodes).toHaveCount(2);
  await expect(page.getByTestId('toolbar-redo')).toBeDisabled();
});

test('deletes the selected node with its wires and saves with Ctrl+S', async ({ page }) => {
  await createTopology(page, 'Pruning');
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');
  const revision = page.getByTestId('revision-label');

  await addNetworkAndMachine(page);
  await dragBetween(page, output(page, 'network-1', 'network_id'), input(page, 'vm-1', 'network_id'));
  await expect(wires).toHaveCount(1);
  await page.keyboard.press('Control+s');
  await expect(revision).toHaveAttribute('data-revision', '2');

  await node(page, 'vm-1').getByTestId('planner-node-label').click();
  await expect(node(page, 'vm-1')).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(1);
  await expect(wires).toHaveCount(0);

  // Undo brings the node back together with its wire, as one step.
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(2);
  await expect(wires).toHaveCount(1);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  await page.keyboard.press('Control+Shift+z');
  await expect(nodes).toHaveCount(1);
  // The canvas reports the change on its next frame; save once the topology shows as edited.
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  await page.keyboard.press('Control+s');
  await expect(revision).toHaveAttribute('data-revision', '3');
  await page.reload();
  await expect(nodes).toHaveCount(1);
  await expect(wires).toHaveCount(0);
  await expect(node(page, 'network-1')).toBeVisible();
});

test('refuses a save based on an old revision and offers to reload', async ({ page, context }) => {
  await createTopology(page, 'Shared');
  const revision = page.getByTestId('revision-label');

  const colleague = await context.newPage();
  await colleague.goto(page.url());
  await expect(colleague.getByTestId('topology-name')).toHaveText('Shared');
  await addNodeFromQuickPick(colleague, 'local-network@1');
  await colleague.getByTestId('toolbar-save').click();
  await expect(colleague.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');

  await addNetworkAndMachine(page);
  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('conflict-banner')).toContainText('changed elsewhere');
  await expect(page.getByTestId('conflict-banner')).toContainText('revision 2');
  await expect(revision).toHaveAttribute('data-revision', '1');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  await page.getByTestId('conflict-reload').click();
  await expect(page.getByTestId('conflict-banner')).toHaveCount(0);
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('planner-node')).toHaveCount(1);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
});

test('keeps parameters and dependencies it does not edit when saving', async ({ page, nimbus }) => {
  const created = await callApi<{ id: string }>(nimbus.url, 'createTopology', {
    name: 'Imported',
    document: {
      schemaVersion: 1,
      nodes: [
        { id: 'a', label: 'network', component: 'local-network@1', position: { x: 0, y: 0 }, params: { cidr: '10.1.0.0/24' } },
        { id: 'b', label: 'web', component: 'local-vm@1', position: { x: 320, y: 0 }, params: { cores: 4 }, dependsOn: ['a'] },
      ],
      wires: [],
    },
  });
  await page.goto(`/#/planner/${created.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await addNodeFromQuickPick(page, 'local-storage@1');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');
  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');

  const saved = await callApi<{ document: { nodes: { id: string; params?: unknown; dependsOn?: string[] }[] } }>(
    nimbus.url,
    'getTopology',
    { id: created.id },
  );
  const byId = new Map(saved.document.nodes.map((n) => [n.id, n]));
  expect(byId.get('a')?.params).toEqual({ cidr: '10.1.0.0/24' });
  expect(byId.get('b')?.params).toEqual({ cores: 4 });
  expect(byId.get('b')?.dependsOn).toEqual(['a']);
});

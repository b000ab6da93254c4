import { chainTopologyDocument } from '../engine/common/examples/example-topologies.js';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

// Editing many nodes at once: multi-select, clipboard, context menu, auto-arrange and frames, every
// edit one undo step.

test.use({ viewport: { width: 1600, height: 1000 } });

/** A chain network → vm → dns, laid out at the given x positions. */
const chain = chainTopologyDocument;

async function openTopology(page: Page, baseUrl: string, name: string, document: unknown): Promise<string> {
  const topology = await callApi<{ id: string }>(baseUrl, 'createTopology', { name, document });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('planner-node')).not.toHaveCount(0);
  return topology.id;
}

const node = (page: Page, label: string): Locator => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const header = (page: Page, label: string): Locator => node(page, label).getByTestId('planner-node-label');
const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
};
const menuItem = (page: Page, name: string): Locator => page.getByRole('menuitem', { name: new RegExp(`^${name}`) });

/** Drags with real pointer events by a distance from a point. */
async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 6 });
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 6 });
  await page.mouse.up();
}

test('selects several nodes, moves them together and deletes them with their wires', async ({ page, nimbus }) => {
  await openTopology(page, nimbus.url, 'Multi select', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');
  await expect(wires).toHaveCount(2);

  await header(page, 'network-1').click();
  await header(page, 'vm-1').click({ modifiers: ['Shift'] });
  await header(page, 'dns-1').click({ modifiers: ['Control'] });
  await expect(page.locator('[data-selected="true"]')).toHaveCount(3);
  // Ctrl+click on a selected node takes it out again.
  await header(page, 'dns-1').click({ modifiers: ['Control'] });
  await expect(node(page, 'dns-1')).toHaveAttribute('data-selected', 'false');
  await expect(page.locator('[data-selected="true"]')).toHaveCount(2);

  // Dragging one selected node moves every selected node.
  const before = { net: await box(node(page, 'network-1')), vm: await box(node(page, 'vm-1')), dns: await box(node(page, 'dns-1')) };
  const grip = await box(header(page, 'vm-1'));
  await drag(page, { x: grip.x + 20, y: grip.y + 8 }, 0, 120);
  await expect.poll(async () => Math.round((await box(node(page, 'network-1'))).y - before.net.y)).toBeGreaterThan(60);
  expect(Math.round((await box(node(page, 'vm-1'))).y - before.vm.y)).toBeGreaterThan(60);
  expect(Math.round((await box(node(page, 'dns-1'))).y - before.dns.y)).toBe(0);
  await expect(page.locator('[data-selected="true"]')).toHaveCount(2);

  // Delete takes both with their wires; undo brings them back as one step.
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(1);
  await expect(wires).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(3);
  await expect(wires).toHaveCount(2);

  // Ctrl+A selects all; Shift+drag on empty canvas draws a band that selects what it touches.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Control+a');
  await expect(page.locator('[data-selected="true"]')).toHaveCount(3);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-selected="true"]')).toHaveCount(0);
  const dns = await box(node(page, 'dns-1'));
  const vm = await box(node(page, 'vm-1'));
  await page.keyboard.down('Shift');
  await drag(
    page,
    { x: dns.x + dns.width + 30, y: Math.min(dns.y, vm.y) - 30 },
    vm.x + 10 - (dns.x + dns.width + 30),
    Math.max(dns.height, vm.height) + 200,
  );
  await page.keyboard.up('Shift');
  await expect(node(page, 'dns-1')).toHaveAttribute('data-selected', 'true');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-selected', 'true');
  await expect(node(page, 'network-1')).toHaveAttribute('data-selected', 'false');
});

test('copies, pastes, duplicates and cuts nodes with the wires between them; undo and redo a paste', async ({ page, nimbus }) => {
  const id = await openTopology(page, nimbus.url, 'Clipboard', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');

  await header(page, 'network-1').click();
  await header(page, 'vm-1').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(nodes).toHaveCount(5);
  // Only the wire between the copied nodes comes along.
  await expect(wires).toHaveCount(3);
  await expect(node(page, 'network-2')).toHaveAttribute('data-selected', 'true');
  await expect(node(page, 'vm-2')).toHaveAttribute('data-selected', 'true');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-selected', 'false');

  // A paste is one undo step.
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(3);
  await expect(wires).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(nodes).toHaveCount(5);
  await expect(wires).toHaveCount(3);

  // Duplicate the one selected node; cut it and paste it back under its label.
  await header(page, 'vm-2').click();
  await page.keyboard.press('Control+d');
  await expect(node(page, 'vm-3')).toBeVisible();
  await expect(nodes).toHaveCount(6);
  await expect(wires).toHaveCount(3);
  await page.keyboard.press('Control+x');
  await expect(node(page, 'vm-3')).toHaveCount(0);
  await page.keyboard.press('Control+v');
  await expect(node(page, 'vm-3')).toBeVisible();

  // Params come along with the copy; the wire into the copy joins the copies.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  const saved = await callApi<{
    document: { nodes: { id: string; label: string; params?: unknown }[]; wires: { source: { node: string }; target: { node: string } }[] };
  }>(nimbus.url, 'getTopology', { id });
  const byLabel = new Map(saved.document.nodes.map((entry) => [entry.label, entry]));
  expect(byLabel.get('vm-2')?.params).toEqual({ cores: 2 });
  expect(byLabel.get('vm-3')?.params).toEqual({ cores: 2 });
  expect(new Set(saved.document.nodes.map((entry) => entry.id)).size).toBe(6);
  expect(
    saved.document.wires.some((wire) => wire.source.node === byLabel.get('network-2')?.id && wire.target.node === byLabel.get('vm-2')?.id),
  ).toBe(true);
});

test('opens a context menu on nodes, wires and the canvas, from the mouse and the keyboard', async ({ page, nimbus }) => {
  await openTopology(page, nimbus.url, 'Context menu', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');
  const menu = page.getByRole('menu');

  await header(page, 'dns-1').click({ button: 'right' });
  await expect(menu).toHaveAttribute('data-target', 'node');
  await expect(menu.getByRole('menuitem')).toHaveText([/^Inspect/, /^Duplicate/, /^Copy/, /^Delete/, /^Select dependencies/]);
  await expect(node(page, 'dns-1')).toHaveAttribute('data-selected', 'true');
  await expect(menuItem(page, 'Inspect')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menuItem(page, 'Duplicate')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menuItem(page, 'Select dependencies')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(page.locator('[data-selected="true"]')).toHaveCount(3);

  // (Right-click only: a left click would open the inspector, which narrows the canvas over dns-1.)
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-selected="true"]')).toHaveCount(0);
  await header(page, 'dns-1').click({ button: 'right' });
  await expect(page.locator('[data-selected="true"]')).toHaveCount(1);
  await menuItem(page, 'Delete').click();
  await expect(nodes).toHaveCount(2);
  await expect(wires).toHaveCount(1);

  // A wire: right click on its middle (the curve is symmetric, so the middle of its box is on it).
  const curve = await box(wires.first().locator('path'));
  const middle = { x: curve.x + curve.width / 2, y: curve.y + curve.height / 2 };
  await page.mouse.click(middle.x, middle.y, { button: 'right' });
  await expect(menu).toHaveAttribute('data-target', 'wire');
  await menuItem(page, 'Delete wire').click();
  await expect(wires).toHaveCount(0);

  // The empty canvas, then Escape closes without acting.
  const canvas = await box(page.getByTestId('planner-canvas'));
  await page.mouse.click(canvas.x + 30, canvas.y + canvas.height - 30, { button: 'right' });
  await expect(menu).toHaveAttribute('data-target', 'canvas');
  await expect(menu.getByRole('menuitem')).toHaveText([
    /^Add component/,
    /^Paste/,
    /^Select all/,
    /^Auto-arrange/,
    /^Zoom to fit/,
    /^Add frame/,
  ]);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await page.mouse.click(canvas.x + 30, canvas.y + canvas.height - 30, { button: 'right' });
  await menuItem(page, 'Select all').click();
  await expect(page.locator('[data-selected="true"]')).toHaveCount(2);

  // Shift+F10 opens the menu for the selection.
  await header(page, 'vm-1').click();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toHaveAttribute('data-target', 'node');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
});

test('auto-arranges a chain into dependency columns as one undo step', async ({ page, nimbus }) => {
  // Laid out backwards: the last wave on the left.
  await openTopology(page, nimbus.url, 'Arrange', chain({ net: 800, vm: 400, dns: 0 }));
  const x = async (label: string) => (await box(node(page, label))).x;
  expect(await x('dns-1')).toBeLessThan(await x('network-1'));

  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Control+Shift+A');
  await expect.poll(async () => (await x('network-1')) < (await x('vm-1')) && (await x('vm-1')) < (await x('dns-1'))).toBe(true);

  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await x('dns-1')) < (await x('vm-1')) && (await x('vm-1')) < (await x('network-1'))).toBe(true);
});

test('a frame around two nodes carries them when dragged and survives saving and reloading', async ({ page, nimbus }) => {
  const id = await openTopology(page, nimbus.url, 'Frames', chain({ net: 0, vm: 400, dns: 900 }));
  const frames = page.getByTestId('planner-frame');

  await header(page, 'network-1').click();
  await header(page, 'vm-1').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Shift+G');
  await expect(frames).toHaveCount(1);
  await expect(frames.first()).toHaveAttribute('data-label', 'Frame 1');

  // Rename by double click.
  await page.getByTestId('planner-frame-title').dblclick();
  await page.getByTestId('planner-frame-input').fill('Web tier');
  await page.getByTestId('planner-frame-input').press('Enter');
  await expect(frames.first()).toHaveAttribute('data-label', 'Web tier');

  // Dragging the title bar moves the frame and the nodes inside it, not the one outside.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Escape');
  const before = {
    net: await box(node(page, 'network-1')),
    vm: await box(node(page, 'vm-1')),
    dns: await box(node(page, 'dns-1')),
    frame: await box(frames.first()),
  };
  const bar = await box(page.getByTestId('planner-frame-bar'));
  await drag(page, { x: bar.x + 40, y: bar.y + bar.height / 2 }, 60, 150);
  await expect.poll(async () => Math.round((await box(frames.first())).y - before.frame.y)).toBeGreaterThan(80);
  const moved = Math.round((await box(frames.first())).y - before.frame.y);
  expect(Math.abs(Math.round((await box(node(page, 'network-1'))).y - before.net.y) - moved)).toBeLessThanOrEqual(2);
  expect(Math.abs(Math.round((await box(node(page, 'vm-1'))).y - before.vm.y) - moved)).toBeLessThanOrEqual(2);
  expect(Math.round((await box(node(page, 'dns-1'))).y - before.dns.y)).toBe(0);

  // One undo step puts the frame and its nodes back; redo moves them again.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await box(node(page, 'vm-1'))).y - before.vm.y)).toBe(0);
  await expect.poll(async () => Math.round((await box(frames.first())).y - before.frame.y)).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => Math.round((await box(node(page, 'vm-1'))).y - before.vm.y)).toBeGreaterThan(80);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  const saved = await callApi<{
    document: {
      frames?: { label: string; position: { x: number; y: number } }[];
      nodes: { id: string; position: { x: number; y: number } }[];
    };
  }>(nimbus.url, 'getTopology', { id });
  expect(saved.document.frames?.map((frame) => frame.label)).toEqual(['Web tier']);
  expect(saved.document.nodes.find((entry) => entry.id === 'vm')?.position.y).toBeGreaterThan(80);

  await page.reload();
  await expect(frames).toHaveCount(1);
  await expect(frames.first()).toHaveAttribute('data-label', 'Web tier');

  // Deleting the frame keeps its nodes.
  await page.getByTestId('planner-frame-remove').click();
  await expect(frames).toHaveCount(0);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(frames).toHaveCount(1);

  // From the keyboard: the focused title bar moves the frame and its nodes with the arrows (one undo
  // step per press, the focus kept), F2 renames it, Delete removes it.
  const start = { frame: await box(frames.first()), vm: await box(node(page, 'vm-1')), dns: await box(node(page, 'dns-1')) };
  const barHandle = page.getByTestId('planner-frame-bar');
  const frameShift = async () => (await box(frames.first())).x - start.frame.x;
  await barHandle.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(frameShift).toBeGreaterThan(1);
  const step = await frameShift();
  await page.keyboard.press('ArrowRight');
  await expect.poll(frameShift).toBeCloseTo(2 * step, 0);
  await expect(barHandle).toBeFocused();
  await expect.poll(async () => Math.abs((await box(node(page, 'vm-1'))).x - start.vm.x - 2 * step)).toBeLessThanOrEqual(2);
  expect(Math.round((await box(node(page, 'dns-1'))).x - start.dns.x)).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(frameShift).toBeCloseTo(step, 0);
  await page.keyboard.press('F2');
  await page.getByTestId('planner-frame-input').fill('App tier');
  await page.getByTestId('planner-frame-input').press('Enter');
  await expect(frames.first()).toHaveAttribute('data-label', 'App tier');
  await expect(barHandle).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(frames).toHaveCount(0);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
});

test('the minimap shows the nodes, moves the view and remembers being hidden', async ({ page, nimbus }) => {
  await openTopology(page, nimbus.url, 'Minimap', chain({ net: 0, vm: 400, dns: 800 }));
  const minimap = page.getByTestId('planner-minimap');
  await expect(minimap).toBeVisible();
  await expect(minimap.locator('.planner-minimap__nodes')).toHaveAttribute('d', /(M[^M]+){3}/);

  const before = await box(node(page, 'network-1'));
  const map = await box(minimap);
  await page.mouse.click(map.x + map.width - 5, map.y + map.height - 5);
  await expect.poll(async () => Math.round((await box(node(page, 'network-1'))).x - before.x)).not.toBe(0);

  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Shift+M');
  await expect(minimap).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await expect(minimap).toBeHidden();
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Shift+M');
  await expect(minimap).toBeVisible();
});

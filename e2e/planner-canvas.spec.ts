import { chainTopologyDocument } from '../engine/common/examples/example-topologies.js';
import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

// The canvas comes first: panels collapse or float without hiding the selection, the zoom changes only
// when asked, palette items land only on the canvas and never on each other, "Add node" picks from
// the catalog only, and every node is reachable from the keyboard.

test.use({ viewport: { width: 1400, height: 900 } });

/** A chain network → vm → dns, laid out at the given x positions, with only the machine wired to the network. */
const chain = (x: { net: number; vm: number; dns: number }) => {
  const document = chainTopologyDocument(x);
  return { ...document, wires: document.wires.filter((wire) => wire.id === 'net-vm') };
};

async function openTopology(page: Page, baseUrl: string, name: string, document: unknown): Promise<string> {
  const topology = await callApi<{ id: string }>(baseUrl, 'createTopology', { name, document });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('planner-palette')).toBeVisible();
  return topology.id;
}

const node = (page: Page, label: string): Locator => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const paletteItem = (page: Page, name: string): Locator => page.locator(`[data-testid="palette-item"][data-component="${name}"]`);
const field = (page: Page, key: string): Locator => page.locator(`[data-testid="inspector-field"][data-key="${key}"]`);
const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
};
type Rect = { x: number; y: number; width: number; height: number };
const apart = (a: Rect, b: Rect): boolean => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
/** The zoom, read off a node's drawn width (nodes are 240 canvas units wide). */
const zoomOf = async (page: Page, label: string) => Math.round(((await box(node(page, label))).width / 240) * 1000) / 1000;

test('a palette item dropped anywhere but the canvas changes nothing; on the canvas it lands where dropped, clear of other nodes', async ({
  page,
  nimbus,
}) => {
  const id = await openTopology(page, nimbus.url, 'Drops', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');
  await expect(nodes).toHaveCount(3);

  // Onto the inspector's fields: refused, the values stay as they were and no node is added.
  await node(page, 'vm-1').getByTestId('planner-node-label').click();
  const cores = field(page, 'cores').getByTestId('inspector-input');
  const label = page.getByTestId('inspector-label');
  await expect(cores).toHaveValue('2');
  await paletteItem(page, 'local-dns').dragTo(cores);
  await paletteItem(page, 'local-storage').dragTo(label);
  await expect(cores).toHaveValue('2');
  await expect(label).toHaveValue('vm-1');
  await expect(page.getByTestId('toast').filter({ hasText: 'Drop components on the canvas' })).toBeVisible();
  // Nor onto the toolbar or the list of topologies.
  await paletteItem(page, 'local-dns').dragTo(page.getByTestId('topology-name'));
  await paletteItem(page, 'local-dns').dragTo(page.locator('[data-testid="topology-item"]').first());
  await expect(nodes).toHaveCount(3);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  await page.getByTestId('inspector-close').click();

  // Onto empty canvas: the node's header lands under the pointer.
  const canvas = await box(page.getByTestId('planner-canvas'));
  const free = await box(node(page, 'network-1'));
  const target = { x: Math.round(free.x - canvas.x + free.width / 2), y: Math.round(free.y - canvas.y + free.height + 200) };
  await paletteItem(page, 'local-storage').dragTo(page.getByTestId('planner-canvas'), { targetPosition: target });
  await expect(nodes).toHaveCount(4);
  const storage = await box(node(page, 'storage-1'));
  expect(Math.abs(storage.x + storage.width / 2 - canvas.x - target.x)).toBeLessThanOrEqual(2);
  expect(Math.abs(storage.y - canvas.y - target.y)).toBeLessThan(30);

  // Onto another node: nudged to the nearest free spot, overlapping nothing, still near the drop.
  const vm = await box(node(page, 'vm-1'));
  const onVm = { x: Math.round(vm.x - canvas.x + vm.width / 2 + 10), y: Math.round(vm.y - canvas.y + 40) };
  await paletteItem(page, 'local-dns').dragTo(page.getByTestId('planner-canvas'), { targetPosition: onVm });
  await expect(nodes).toHaveCount(5);
  const dropped = await box(node(page, 'dns-2'));
  for (const label of ['network-1', 'vm-1', 'dns-1', 'storage-1']) expect(apart(dropped, await box(node(page, label)))).toBe(true);
  expect(Math.hypot(dropped.x + dropped.width / 2 - (canvas.x + onVm.x), dropped.y - (canvas.y + onVm.y))).toBeLessThan(500);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  const saved = await callApi<{ document: { nodes: { component: string }[] } }>(nimbus.url, 'getTopology', { id });
  expect(saved.document.nodes.map((entry) => entry.component).sort()).toEqual([
    'local-dns@1',
    'local-dns@1',
    'local-network@1',
    'local-storage@1',
    'local-vm@1',
  ]);
});

test('Add node opens a quick pick of the catalog: type to filter, arrows, Enter adds at a free spot, Escape closes', async ({
  page,
  nimbus,
}) => {
  await openTopology(page, nimbus.url, 'Quick pick', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');
  const dialog = page.getByTestId('add-node-dialog');
  const items = dialog.getByTestId('quick-pick-item');
  const search = dialog.getByTestId('quick-pick-search');

  // Shift+A from the canvas; the list is the published catalog, nothing else.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Shift+A');
  await expect(dialog).toBeVisible();
  await expect(search).toBeFocused();
  await expect(items.first()).toBeVisible();
  for (const ref of await items.evaluateAll((list) => list.map((item) => item.getAttribute('data-ref') ?? '')))
    expect(ref).toMatch(/^[a-z][a-z0-9:-]*@\d+$/);

  // Escape closes without adding.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(nodes).toHaveCount(3);

  // Type to filter, ArrowDown moves, Enter adds the highlighted one.
  await page.getByTestId('toolbar-add-node').click();
  await search.fill('local');
  const localCount = await items.count();
  expect(localCount).toBeGreaterThan(2);
  await search.fill('vm');
  await expect(items.first()).toHaveAttribute('data-ref', /vm@\d+$/);
  await search.fill('local-sto');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-ref', 'local-storage@1');
  await search.fill('local');
  await expect(items).toHaveCount(localCount);
  const second = await items.nth(1).getAttribute('data-ref');
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(nodes).toHaveCount(4);
  const added = page.locator('[data-testid="planner-node"]').last();
  await expect(added.getByTestId('planner-node-component')).toHaveText(second ?? '');

  // A query nothing matches says so; Enter then adds nothing.
  await page.keyboard.press('Shift+A');
  await search.fill('no-such-component');
  await expect(dialog.getByTestId('quick-pick-empty')).toContainText('Nothing in the catalog matches');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');

  // Added again and again in the middle of the view: each lands in view, on no other node.
  for (let index = 0; index < 3; index += 1) {
    await page.keyboard.press('Shift+A');
    await search.fill('local-network');
    await page.keyboard.press('Enter');
  }
  await expect(nodes).toHaveCount(7);
  const boxes = await Promise.all((await nodes.all()).map((entry) => box(entry)));
  for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(apart(a, b)).toBe(true);
  const canvas = await box(page.getByTestId('planner-canvas'));
  // The view pans (after the node is added) to show the last one.
  await expect
    .poll(async () => {
      const placed = await box(node(page, 'network-4'));
      return placed.x >= canvas.x && placed.x + placed.width <= canvas.x + canvas.width;
    })
    .toBe(true);
});

test('refuses components that are not in the catalog: a pasted node, a drop, an imported file', async ({ page, nimbus, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTopology(page, nimbus.url, 'Strangers', chain({ net: 0, vm: 400, dns: 800 }));
  const nodes = page.getByTestId('planner-node');

  // Nodes on the clipboard from elsewhere naming components the catalog does not have.
  const payload = {
    kind: 'nimbus-nodes',
    nodes: [
      { id: 'x', label: 'ghost', component: 'ghost-machine@1', position: { x: 0, y: 0 } },
      { id: 'y', label: 'net', component: 'local-network@1', position: { x: 300, y: 0 } },
    ],
    wires: [],
  };
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(payload));
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Control+v');
  const toast = page.getByTestId('toast').filter({ hasText: 'ghost-machine@1' });
  await expect(toast).toContainText('not in the catalog');
  await expect(nodes).toHaveCount(3);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  // Drops on the canvas: text from elsewhere is ignored, a component reference the catalog does not
  // know is refused with the reason, and a file is kept from replacing the page.
  const dropOnCanvas = (data: Record<string, string>, file = false) =>
    page.getByTestId('planner-canvas').evaluate(
      (canvas, { data, file }) => {
        const transfer = new DataTransfer();
        for (const [type, value] of Object.entries(data)) transfer.setData(type, value);
        if (file) transfer.items.add(new File(['kind: Topology'], 'dropped.yaml', { type: 'application/yaml' }));
        const box = canvas.getBoundingClientRect();
        const at = { clientX: box.left + 200, clientY: box.top + 300, bubbles: true, cancelable: true, dataTransfer: transfer };
        canvas.dispatchEvent(new DragEvent('dragover', at));
        const drop = new DragEvent('drop', at);
        canvas.dispatchEvent(drop);
        return drop.defaultPrevented;
      },
      { data, file },
    );
  await dropOnCanvas({ 'text/plain': 'ghost-machine@1' });
  await dropOnCanvas({ 'application/x-nimbus-component': 'ghost-machine@2' });
  await expect(page.getByTestId('toast').filter({ hasText: 'ghost-machine@2' })).toContainText('not in the catalog');
  expect(await dropOnCanvas({}, true)).toBe(true);
  await expect(nodes).toHaveCount(3);

  // A file naming one is listed as a problem and not imported.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (
    await chooser
  ).setFiles({
    name: 'ghost.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(
      'kind: Topology\nversion: 1\nname: ghost\nnodes:\n  - id: a\n    label: a\n    component: ghost-machine@1\n    position: { x: 0, y: 0 }\nwires: []\n',
    ),
  });
  await expect(page.getByTestId('file-issues-dialog')).toContainText('ghost-machine');
  expect((await callApi<unknown[]>(nimbus.url, 'listTopologies', {})).length).toBe(1);
});

test('nodes are reachable from the keyboard by role and name: arrows move, Enter inspects, Delete removes with undo', async ({
  page,
  nimbus,
}) => {
  await openTopology(page, nimbus.url, 'Keyboard nodes', chain({ net: 0, vm: 400, dns: 800 }));
  const network = page.getByRole('button', { name: 'network-1, local-network@1' });
  const vm = page.getByRole('button', { name: 'vm-1, local-vm@1' });
  const dns = page.getByRole('button', { name: 'dns-1, local-dns@1' });
  await expect(network).toHaveAttribute('aria-pressed', 'false');

  // Tab from the toolbar's last control reaches the canvas; the arrows then go from node to node.
  await page.getByTestId('palette-search').focus();
  const canvas = page.getByTestId('planner-canvas');
  for (let presses = 0; presses < 40 && !(await canvas.evaluate((element) => element === document.activeElement)); presses += 1)
    await page.keyboard.press('Tab');
  await expect(canvas).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(network).toBeFocused();
  await expect(network).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(vm).toBeFocused();
  await expect(vm).toHaveAttribute('aria-pressed', 'true');
  await expect(network).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(dns).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(vm).toBeFocused();

  // Enter opens the inspector on the focused node, with the focus in it.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('planner-inspector')).toHaveAttribute('data-node-id', 'vm');
  await expect(page.getByTestId('inspector-label')).toBeFocused();

  // Back on the node, Delete removes it (and its wire); undo brings both back.
  await vm.focus();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await expect(page.getByTestId('planner-wire')).toHaveCount(0);
  await expect(canvas).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await expect(page.getByTestId('planner-wire')).toHaveCount(1);
});

test('panels collapse and are remembered; the selection stays in view as panels open, without any change of zoom', async ({
  page,
  nimbus,
}) => {
  // The last node sits at the right edge of the view after the fit on open, where the inspector floats.
  await openTopology(page, nimbus.url, 'Room', chain({ net: 0, vm: 400, dns: 1400 }));
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  const zoom = await zoomOf(page, 'dns-1');

  // The inspector floats over the canvas and the selected node moves clear of it; the zoom stays.
  await node(page, 'dns-1').getByTestId('planner-node-label').click();
  const side = page.getByTestId('planner-side');
  await expect(side).toHaveAttribute('data-docked', 'false');
  await expect.poll(async () => apart(await box(node(page, 'dns-1')), await box(side))).toBe(true);
  expect(await zoomOf(page, 'dns-1')).toBe(zoom);

  // The plan opens too: still clear, still the same zoom.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('Shift+P');
  await expect(page.getByTestId('plan-panel')).toBeVisible();
  await expect.poll(async () => apart(await box(node(page, 'dns-1')), await box(side))).toBe(true);
  expect(await zoomOf(page, 'dns-1')).toBe(zoom);

  // Docked beside the canvas instead: the node stays in the narrower canvas.
  await page.getByTestId('side-dock-toggle').click();
  await expect(side).toHaveAttribute('data-docked', 'true');
  const canvasBox = async () => box(page.getByTestId('planner-canvas'));
  await expect
    .poll(async () => {
      const [entry, area] = [await box(node(page, 'dns-1')), await canvasBox()];
      return entry.x >= area.x && entry.x + entry.width <= area.x + area.width;
    })
    .toBe(true);
  expect(await zoomOf(page, 'dns-1')).toBe(zoom);

  // Selecting other nodes, collapsing the palette and the list: the zoom never changes.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('[');
  await expect(node(page, 'dns-1')).toHaveAttribute('data-selected', 'false');
  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('planner-palette')).toHaveCount(0);
  await page.keyboard.press('Shift+L');
  await expect(page.getByTestId('topology-rail')).toBeVisible();
  await expect(page.getByTestId('topology-list')).toHaveCount(0);
  await page.keyboard.press('Shift+K');
  await expect(side).toHaveAttribute('data-docked', 'false');
  expect(await zoomOf(page, 'network-1')).toBe(zoom);
  await page.keyboard.press('Shift+F');
  await expect.poll(() => zoomOf(page, 'network-1')).not.toBe(zoom);

  // Remembered across a reload; the buttons bring the panels back.
  await page.reload();
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await expect(page.getByTestId('planner-palette')).toHaveCount(0);
  await expect(page.getByTestId('topology-rail')).toBeVisible();
  await page.getByTestId('topology-list-show').click();
  await expect(page.getByTestId('topology-list')).toBeVisible();
  await page.getByTestId('palette-show').click();
  await expect(page.getByTestId('planner-palette')).toBeVisible();
  await page.getByTestId('topology-list-hide').click();
  await expect(page.getByTestId('topology-rail')).toBeVisible();
});

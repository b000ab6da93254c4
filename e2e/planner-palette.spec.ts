import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { seedLocalEnvironment } from './seed-environment.js';

// The planner as a work surface: a palette of the published catalog, typed sockets that refuse wires
// which cannot carry a value, a schema-generated inspector with undo, and the plan drawn on the nodes.

test.use({ viewport: { width: 1600, height: 1000 } });

/** A local landing zone with an IPAM pool and a naming pattern, and one environment in it. */
async function seedEnvironment(baseUrl: string): Promise<void> {
  await seedLocalEnvironment(baseUrl, { environment: 'lab', pool: 'palette-lab', cidr: '10.47.0.0/16', landingZone: 'palette-local' });
}

async function openTopology(page: Page, baseUrl: string, name: string, document?: unknown): Promise<string> {
  const topology = await callApi<{ id: string }>(baseUrl, 'createTopology', { name, ...(document ? { document } : {}) });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('planner-palette')).toBeVisible();
  return topology.id;
}

const node = (page: Page, label: string): Locator => page.locator(`[data-testid="planner-node"][data-label="${label}"]`);
const output = (page: Page, label: string, port: string): Locator =>
  node(page, label).locator(`[data-testid="node-output-socket"][data-port="${port}"]`);
const input = (page: Page, label: string, port: string): Locator =>
  node(page, label).locator(`[data-testid="node-input-socket"][data-port="${port}"]`);
const paletteItem = (page: Page, name: string): Locator => page.locator(`[data-testid="palette-item"][data-component="${name}"]`);
const field = (page: Page, key: string): Locator => page.locator(`[data-testid="inspector-field"][data-key="${key}"]`);

/** Drags a palette item onto the canvas with HTML5 drag and drop, dropping it at a point of the canvas. */
async function dropComponent(page: Page, name: string, x: number, y: number): Promise<void> {
  await paletteItem(page, name).dragTo(page.getByTestId('planner-canvas'), { targetPosition: { x, y } });
}

/** Drags with real pointer events from one element's centre to another's, as a person would. */
async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('drag endpoints are not visible');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('builds and wires a five-node topology from the palette, fixes a parameter in the inspector, shows the waves and saves', async ({
  page,
  nimbus,
}) => {
  await seedEnvironment(nimbus.url);
  const id = await openTopology(page, nimbus.url, 'Palette build');
  const nodes = page.getByTestId('planner-node');
  const wires = page.getByTestId('planner-wire');

  // The palette lists the published catalog by provider and category, and searches it.
  await expect(page.locator('[data-testid="palette-group"][data-provider="local"]')).toBeVisible();
  await expect(
    page.locator('[data-testid="palette-group"][data-provider="local"] [data-testid="palette-category"][data-category="network"]'),
  ).toContainText('local-dns');
  const search = page.getByTestId('palette-search');
  await search.fill('hosts file');
  await expect(page.getByTestId('palette-item')).toHaveCount(1);
  await expect(paletteItem(page, 'local-dns')).toBeVisible();
  await search.fill('no-such-component');
  await expect(page.getByTestId('palette-no-match')).toBeVisible();
  await search.fill('');
  await expect(paletteItem(page, 'local-vm')).toHaveAttribute('data-ref', 'local-vm@1');

  // Drag and drop: each node lands where it is dropped, labelled after its component.
  await dropComponent(page, 'local-network', 150, 60);
  await dropComponent(page, 'local-vm', 470, 40);
  await dropComponent(page, 'local-vm', 470, 360);
  await dropComponent(page, 'local-dns', 800, 160);
  await dropComponent(page, 'local-storage', 150, 420);
  await expect(nodes).toHaveCount(5);
  await expect(node(page, 'network-1')).toContainText('local-network@1');
  await expect(node(page, 'network-1').getByTestId('planner-node-provider')).toContainText('local · VirtualNetwork');
  await expect(node(page, 'vm-2')).toBeVisible();
  const canvasBox = await page.getByTestId('planner-canvas').boundingBox();
  const dnsBox = await node(page, 'dns-1').boundingBox();
  expect(canvasBox && dnsBox && Math.round(dnsBox.x + dnsBox.width / 2 - canvasBox.x)).toBe(800);

  // Typed sockets: one per contract property.
  await expect(node(page, 'vm-1').getByTestId('node-input-socket')).toHaveCount(7);
  await expect(node(page, 'vm-1').getByTestId('node-output-socket')).toHaveCount(6);

  await dragBetween(page, output(page, 'network-1', 'network_id'), input(page, 'vm-1', 'network_id'));
  // While a wire is dragged, the sockets it fits light up and the others fade.
  const from = await output(page, 'network-1', 'network_id').boundingBox();
  if (!from) throw new Error('no socket');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 80, from.y + 40, { steps: 4 });
  await expect(input(page, 'vm-2', 'network_id')).toHaveAttribute('data-wire-hint', 'fits');
  await expect(input(page, 'storage-1', 'name')).toHaveAttribute('data-wire-hint', 'refused');
  await expect(input(page, 'vm-2', 'cores')).toHaveAttribute('data-wire-hint', 'refused');
  await page.mouse.up();
  await expect(input(page, 'vm-2', 'network_id')).not.toHaveAttribute('data-wire-hint', /.*/);
  await dragBetween(page, output(page, 'network-1', 'network_id'), input(page, 'vm-2', 'network_id'));
  await dragBetween(page, output(page, 'vm-1', 'name'), input(page, 'dns-1', 'hostname'));
  await dragBetween(page, output(page, 'vm-1', 'ip_address'), input(page, 'dns-1', 'ip_address'));
  await expect(wires).toHaveCount(4);

  // A network id cannot name a disk: refused, with the reason on screen.
  await dragBetween(page, output(page, 'network-1', 'network_id'), input(page, 'storage-1', 'name'));
  const refusal = page.getByTestId('wire-refusal');
  await expect(refusal).toBeVisible();
  await expect(refusal.getByTestId('wire-refusal-wire')).toHaveText('network-1.network_id → storage-1.name');
  await expect(refusal.getByTestId('wire-refusal-reason')).toHaveText('network_id is a network reference; name takes no reference');
  // An address is no host name, even into an input that already has a wire.
  await dragBetween(page, output(page, 'vm-2', 'ip_address'), input(page, 'dns-1', 'hostname'));
  await expect(refusal.getByTestId('wire-refusal-reason')).toContainText('format mismatch');
  await expect(wires).toHaveCount(4);
  await refusal.getByTestId('wire-refusal-dismiss').click();
  await expect(refusal).toHaveCount(0);

  // One wire per input: a second compatible wire replaces the first, in one undo step.
  await dragBetween(page, output(page, 'vm-2', 'name'), input(page, 'dns-1', 'hostname'));
  await expect(wires).toHaveCount(4);
  await node(page, 'dns-1').getByTestId('planner-node-label').click();
  await expect(field(page, 'hostname').getByTestId('inspector-wired-from')).toHaveText('vm-2.name');
  await page.getByTestId('toolbar-undo').click();
  await expect(field(page, 'hostname').getByTestId('inspector-wired-from')).toHaveText('vm-1.name');
  await expect(wires).toHaveCount(4);
  await page.getByTestId('inspector-close').click();
  await expect(page.getByTestId('planner-inspector')).toHaveCount(0);

  // The only environment is planned against: every node resolves.
  await expect(page.getByTestId('plan-environment')).toHaveValue('lab');
  for (const label of ['network-1', 'vm-1', 'vm-2', 'dns-1', 'storage-1'])
    await expect(node(page, label)).toHaveAttribute('data-status', 'valid');
  await expect(node(page, 'vm-1').getByTestId('node-address')).toContainText(/10\.47\.\d+\.\d+/);
  await expect(node(page, 'dns-1').getByTestId('node-address')).toContainText('from vm-1.ip_address');

  // The inspector: a form from the input schema, with wired and resolved values and their sources.
  await node(page, 'vm-1').getByTestId('planner-node-label').click();
  const inspector = page.getByTestId('planner-inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector.getByTestId('inspector-component')).toHaveText('local-vm@1');
  await expect(field(page, 'network_id').getByTestId('inspector-wired-from')).toHaveText('network-1.network_id');
  await expect(field(page, 'network_id').getByTestId('inspector-source')).toHaveText('wire');
  await expect(field(page, 'ip_address').getByTestId('inspector-source')).toHaveText('resolver');
  await expect(field(page, 'ip_address').getByTestId('inspector-preview')).toContainText('ipam');
  await expect(field(page, 'ip_address').getByTestId('inspector-input')).toHaveAttribute('placeholder', /^10\.47\./);
  await expect(field(page, 'cores').getByTestId('inspector-input')).toHaveAttribute('placeholder', '1');
  await expect(field(page, 'name')).toContainText('(required)');

  // A value the contract refuses is flagged inline and on the node; fixing it clears both.
  const cores = field(page, 'cores').getByTestId('inspector-input');
  await cores.fill('0');
  await cores.press('Enter');
  await expect(field(page, 'cores')).toHaveAttribute('data-invalid', 'true');
  await expect(field(page, 'cores').getByTestId('inspector-field-error')).toHaveText(/must be (≥|>=) 1/);
  await expect(node(page, 'vm-1')).toHaveAttribute('data-status', 'invalid');
  await expect(node(page, 'vm-1').getByTestId('node-issue-count')).toContainText('1');
  await expect(inspector.getByTestId('inspector-issue')).toContainText('params.cores');
  await cores.fill('2');
  await cores.press('Enter');
  await expect(field(page, 'cores')).toHaveAttribute('data-invalid', 'false');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-status', 'valid');
  await expect(node(page, 'vm-1').getByTestId('node-issue-count')).toHaveCount(0);

  // The edit is undoable like any other.
  await page.getByTestId('toolbar-undo').click();
  await expect(cores).toHaveValue('0');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-status', 'invalid');
  await page.getByTestId('toolbar-redo').click();
  await expect(cores).toHaveValue('2');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-status', 'valid');

  // The plan overlay numbers the waves on the nodes.
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('plan-panel')).toBeVisible();
  const wave = (label: string) => node(page, label).getByTestId('node-wave');
  await expect(wave('network-1')).toHaveAttribute('data-wave', '1');
  await expect(wave('storage-1')).toHaveAttribute('data-wave', '1');
  await expect(wave('vm-1')).toHaveAttribute('data-wave', '2');
  await expect(wave('vm-2')).toHaveAttribute('data-wave', '2');
  await expect(wave('dns-1')).toHaveAttribute('data-wave', '3');
  await expect(page.getByTestId('plan-wave')).toHaveCount(3);
  await page.getByTestId('toolbar-plan').click();
  await expect(page.getByTestId('node-wave')).toHaveCount(0);

  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  const saved = await callApi<{
    document: {
      nodes: { label: string; component: string; params?: unknown }[];
      wires: { source: { port: string }; target: { port: string } }[];
    };
  }>(nimbus.url, 'getTopology', { id });
  expect(saved.document.nodes.map((entry) => entry.component).sort()).toEqual([
    'local-dns@1',
    'local-network@1',
    'local-storage@1',
    'local-vm@1',
    'local-vm@1',
  ]);
  expect(saved.document.nodes.find((entry) => entry.label === 'vm-1')?.params).toEqual({ cores: 2 });
  expect(saved.document.wires.map((wire) => `${wire.source.port}>${wire.target.port}`).sort()).toEqual([
    'ip_address>ip_address',
    'name>hostname',
    'network_id>network_id',
    'network_id>network_id',
  ]);
  const check = await callApi<{ valid: boolean }>(nimbus.url, 'validateTopologyFile', {
    text: JSON.stringify({ kind: 'Topology', version: 1, name: 'Palette build', nodes: saved.document.nodes, wires: saved.document.wires }),
  });
  expect(check.valid).toBe(true);
});

test('draws the wires and nodes the plan finds wrong in red, with the reason', async ({ page, nimbus }) => {
  await seedEnvironment(nimbus.url);
  await openTopology(page, nimbus.url, 'Broken wiring', {
    schemaVersion: 1,
    nodes: [
      { id: 'net', label: 'net', component: 'local-network@1', position: { x: 0, y: 0 } },
      { id: 'vm', label: 'vm', component: 'local-vm@1', position: { x: 400, y: 0 } },
    ],
    wires: [
      { id: 'cidr-into-cores', source: { node: 'net', port: 'cidr' }, target: { node: 'vm', port: 'cores' } },
      { id: 'net-into-vm', source: { node: 'net', port: 'network_id' }, target: { node: 'vm', port: 'network_id' } },
    ],
  });

  const bad = page.locator('[data-testid="planner-wire"][data-wire-id="cidr-into-cores"]');
  await expect(bad).toHaveAttribute('data-problem', /type mismatch: .*cidr.* string.*cores.* integer/);
  await expect(bad.locator('title')).toHaveText(/type mismatch/);
  await expect(page.locator('[data-testid="planner-wire"][data-wire-id="net-into-vm"]')).not.toHaveAttribute('data-problem', /.+/);
  await expect(node(page, 'vm')).toHaveAttribute('data-status', 'invalid');
  await expect(node(page, 'vm').getByTestId('node-issue-count')).toBeVisible();
  await expect(node(page, 'net')).toHaveAttribute('data-status', 'valid');

  // The inspector names the problem at the input the bad wire feeds; unwiring it fixes the node.
  await node(page, 'vm').getByTestId('planner-node-label').click();
  await expect(field(page, 'cores').getByTestId('inspector-wired-from')).toHaveText('net.cidr');
  await expect(field(page, 'cores').getByTestId('inspector-field-error')).toContainText('type mismatch');
  await field(page, 'cores').getByTestId('inspector-unwire').click();
  await expect(bad).toHaveCount(0);
  await expect(node(page, 'vm')).toHaveAttribute('data-status', 'valid');
});

test('adds, selects, edits, wires and moves nodes from the keyboard', async ({ page, nimbus }) => {
  await seedEnvironment(nimbus.url);
  await openTopology(page, nimbus.url, 'Keyboard only');
  const nodes = page.getByTestId('planner-node');

  // `/` opens the palette search; Enter adds the only match at a free spot.
  await page.getByTestId('palette-hide').click();
  await expect(page.getByTestId('planner-palette')).toHaveCount(0);
  await expect(page.getByTestId('palette-show')).toBeVisible();
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('palette-search')).toBeFocused();
  await page.keyboard.type('local-network');
  await page.keyboard.press('Enter');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('palette-search')).toHaveValue('');
  // Tab to a palette item and press Enter: click-to-add from the keyboard.
  await page.getByTestId('palette-search').fill('local-vm');
  await page.keyboard.press('Tab');
  await expect(paletteItem(page, 'local-vm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(nodes).toHaveCount(2);

  // ] selects nodes in reading order; Shift+I moves into the inspector.
  await page.getByTestId('planner-canvas').focus();
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await expect(node(page, 'vm-1')).toHaveAttribute('data-selected', 'true');
  await expect(node(page, 'network-1')).toHaveAttribute('data-selected', 'false');
  await page.keyboard.press('Shift+I');
  await expect(page.getByTestId('inspector-label')).toBeFocused();

  // Wire from the inspector: the compatible outputs are offered for the input.
  const wireFrom = field(page, 'network_id').getByTestId('inspector-wire-from');
  await expect(wireFrom.locator('option')).toHaveText(['Wire from…', 'network-1.network_id']);
  await wireFrom.selectOption({ label: 'network-1.network_id' });
  await expect(page.getByTestId('planner-wire')).toHaveCount(1);
  await expect(field(page, 'network_id').getByTestId('inspector-wired-from')).toHaveText('network-1.network_id');

  // Rename through the inspector; Escape on the canvas closes it; Shift+Arrow moves the node; undo.
  const label = page.getByTestId('inspector-label');
  await label.fill('web');
  await label.press('Enter');
  await expect(node(page, 'web')).toBeVisible();
  await page.getByTestId('planner-canvas').focus();
  const before = await node(page, 'web').boundingBox();
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => Math.round(((await node(page, 'web').boundingBox())?.x ?? 0) - (before?.x ?? 0))).toBeGreaterThan(5);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round(((await node(page, 'web').boundingBox())?.x ?? 0) - (before?.x ?? 0))).toBe(0);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'vm-1')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('planner-inspector')).toHaveCount(0);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
});

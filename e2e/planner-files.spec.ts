import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';
import { addNodeFromQuickPick } from './planner-quick-pick.js';

async function openPlanner(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-planner').click();
}

async function createTopology(page: Page, name: string): Promise<void> {
  await openPlanner(page);
  await expect(page.getByTestId('planner-empty')).toBeVisible();
  await page.getByTestId('empty-new-topology').click();
  await page.getByTestId('prompt-input').fill(name);
  await page.getByTestId('prompt-confirm').click();
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('planner-canvas')).toBeVisible();
}

/** Adds two nodes without saving, and waits until the autosave has kept them as a draft. */
async function editWithoutSaving(page: Page, baseUrl: string): Promise<string> {
  await addNodeFromQuickPick(page, 'local-network@1');
  await addNodeFromQuickPick(page, 'local-vm@1');
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');
  const [topology] = await callApi<{ id: string }[]>(baseUrl, 'listTopologies', {});
  if (!topology) throw new Error('no topology');
  await expect
    .poll(
      async () =>
        (await callApi<{ document: { nodes: unknown[] } } | null>(baseUrl, 'getTopologyDraft', { id: topology.id }))?.document.nodes
          .length ?? 0,
    )
    .toBe(2);
  return topology.id;
}

async function chooseFile(page: Page, open: () => Promise<void>, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await open();
  await (await chooser).setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
}

test('keeps unsaved edits across a reload and restores them', async ({ page, nimbus }) => {
  await createTopology(page, 'Drafts');
  const id = await editWithoutSaving(page, nimbus.url);

  await page.reload();
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toContainText('Unsaved changes from');
  await expect(banner).toContainText('were kept');
  await expect(page.getByTestId('planner-node')).toHaveCount(0);

  await page.getByTestId('draft-restore').click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  // Saving stores the edits and the engine drops the draft.
  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  await expect.poll(() => callApi(nimbus.url, 'getTopologyDraft', { id })).toBeNull();
  await page.reload();
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await expect(banner).toHaveCount(0);
});

test('drops kept edits on Discard', async ({ page, nimbus }) => {
  await createTopology(page, 'Throwaway');
  const id = await editWithoutSaving(page, nimbus.url);

  await page.reload();
  await expect(page.getByTestId('draft-banner')).toBeVisible();
  await page.getByTestId('draft-discard').click();
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
  await expect(page.getByTestId('planner-node')).toHaveCount(0);
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  await expect.poll(() => callApi(nimbus.url, 'getTopologyDraft', { id })).toBeNull();

  await page.reload();
  await expect(page.getByTestId('topology-name')).toHaveText('Throwaway');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});

test('restores kept edits made on an older revision and saving them meets the revision conflict', async ({ page, nimbus }) => {
  await createTopology(page, 'Moved on');
  const id = await editWithoutSaving(page, nimbus.url);
  // Someone saves the topology meanwhile (the engine drops the draft), and this window keeps editing.
  await callApi(nimbus.url, 'saveTopology', { id, expectedRevision: 1, document: { schemaVersion: 1, nodes: [], wires: [] } });
  await expect.poll(() => callApi(nimbus.url, 'getTopologyDraft', { id })).toBeNull();
  await addNodeFromQuickPick(page, 'local-storage@1');
  await expect
    .poll(
      async () =>
        (await callApi<{ baseRevision: number; document: { nodes: unknown[] } } | null>(nimbus.url, 'getTopologyDraft', { id }))?.document
          .nodes.length ?? 0,
    )
    .toBe(3);

  await page.reload();
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toContainText('made on revision 1');
  await expect(banner).toContainText('saved since (revision 2)');
  await page.getByTestId('draft-restore').click();
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '1');
  await page.getByTestId('toolbar-save').click();
  await expect(page.getByTestId('conflict-banner')).toContainText('revision 2');
  await expect(page.getByTestId('conflict-banner')).toContainText('kept as a draft');
  // Reloading takes the saved revision and offers the edits again.
  await page.getByTestId('conflict-reload').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('draft-banner')).toContainText('made on revision 1');
  await expect(page.getByTestId('planner-node')).toHaveCount(0);
});

const BROKEN = [
  'kind: Topology',
  'version: 1',
  'name: Imported lab',
  'nodes:',
  '  - id: net',
  '    lable: net',
  '    component: local-network@1',
  '    position: { x: 0, y: 0 }',
  'wires: []',
  '',
].join('\n');

const VALID = [
  'kind: Topology',
  'version: 1',
  'name: Imported lab',
  'nodes:',
  '  - id: net',
  '    label: net',
  '    component: local-network@1',
  '    position: { x: 0, y: 0 }',
  '  - id: disk',
  '    label: disk',
  '    component: local-storage@1',
  '    position: { x: 0, y: 260 }',
  '    params: { size_mb: 8 }',
  'wires: []',
  '',
].join('\n');

test('opens YAML files, exports YAML and SVG, and lists recent files', async ({ page }) => {
  await openPlanner(page);
  await expect(page.getByTestId('planner-empty')).toBeVisible();

  // A file with a mistake is not opened: the dialog names the line.
  await chooseFile(page, () => page.getByTestId('empty-open-file').click(), 'broken.yaml', BROKEN);
  const issues = page.getByTestId('file-issues');
  await expect(page.getByTestId('file-issues-dialog')).toContainText('broken.yaml cannot be opened');
  await expect(issues).toContainText('Line 6');
  await expect(issues).toContainText('lable');
  await page.getByTestId('file-issues-close').click();
  await expect(page.getByTestId('file-issues-dialog')).toHaveCount(0);
  await expect(page.getByTestId('planner-empty')).toBeVisible();

  await chooseFile(page, () => page.getByTestId('empty-open-file').click(), 'lab.yaml', VALID);
  await expect(page.getByTestId('topology-name')).toHaveText('Imported lab');
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await expect(page.getByTestId('recent-file')).toHaveText(['lab.yaml']);

  // Save as file (Ctrl+Shift+S): the engine's YAML, named after the topology.
  const yamlDownload = page.waitForEvent('download');
  await page.getByTestId('planner-canvas').click({ position: { x: 600, y: 40 } });
  await page.keyboard.press('Control+Shift+S');
  const yaml = await yamlDownload;
  expect(yaml.suggestedFilename()).toBe('imported-lab.yaml');
  const exported = parse(readFileSync(await yaml.path(), 'utf8')) as { kind: string; name: string; nodes: { label: string }[] };
  expect(exported.kind).toBe('Topology');
  expect(exported.name).toBe('Imported lab');
  expect(exported.nodes.map((entry) => entry.label)).toEqual(['net', 'disk']);

  // A picture of the canvas from the File menu.
  await page.getByTestId('toolbar-file-menu').click();
  await expect(page.getByTestId('file-menu')).toBeVisible();
  const svgDownload = page.waitForEvent('download');
  await page.getByTestId('file-menu-export-svg').click();
  const svg = await svgDownload;
  expect(svg.suggestedFilename()).toBe('imported-lab.svg');
  const picture = readFileSync(await svg.path(), 'utf8');
  expect(picture).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  expect(picture).toContain('>net</text>');
  expect(picture).toContain('>disk</text>');
  expect(picture).toContain('local-storage@1');
  await expect(page.getByTestId('file-menu')).toHaveCount(0);
  await page.getByTestId('toolbar-file-menu').click();
  const pngDownload = page.waitForEvent('download');
  await page.getByTestId('file-menu-export-png').click();
  const png = await pngDownload;
  expect(png.suggestedFilename()).toBe('imported-lab.png');
  expect(
    readFileSync(await png.path())
      .subarray(1, 4)
      .toString('latin1'),
  ).toBe('PNG');

  // Ctrl+O opens the same flow from the canvas.
  await chooseFile(page, () => page.keyboard.press('Control+O'), 'broken-again.yaml', BROKEN);
  await expect(page.getByTestId('file-issues')).toContainText('Line 6');
  await page.getByTestId('file-issues-close').click();

  // The recent files survive a reload and reopen the topology they belong to.
  await page.reload();
  await expect(page.getByTestId('recent-file')).toHaveText(['imported-lab.yaml', 'lab.yaml']);
  await page.getByTestId('recent-file').filter({ hasText: 'lab.yaml' }).last().click();
  await expect(page.getByTestId('topology-name')).toHaveText('Imported lab');
});

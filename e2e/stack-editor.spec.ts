import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

const stateNode = (page: Page, name: string): Locator => page.getByTestId(`state-node-${name}`);
const saved = async (page: Page) => {
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes saved');
};

/** Centre of an element in page coordinates. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse in small steps, as a person would. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

test('edits a stack: template, diagram editing, problems, undo/redo, publish and fork', async ({ page, nimbus }) => {
  await page.goto('/#/stacks');
  await expect(page.getByTestId('stacks-empty')).toBeVisible();

  // Create from the HA web template.
  await page.getByTestId('empty-new-stack').click();
  await page.getByTestId('new-stack-name').fill('ha-web');
  await page.getByTestId('new-stack-template').selectOption('ha-web');
  await page.getByTestId('new-stack-submit').click();
  await expect(page.getByTestId('new-stack-dialog')).toHaveCount(0);
  await expect(page.getByTestId('stack-name')).toHaveText('ha-web');
  await expect(page.getByTestId('stack-item')).toContainText('draft only');
  await expect(page.getByTestId('stack-problems')).toHaveAttribute('data-count', '0');

  // Slots in plan order, with the component's inputs (required marked) and its code.
  await expect(page.getByTestId('slot-item')).toHaveText([/net/, /web1/, /web2/, /dns/]);
  await page.locator('[data-testid="slot-item"][data-name="web1"]').click();
  await expect(page.getByTestId('slot-input-ip_address')).toHaveValue('cidrhost(slots.net.cidr, 11)');
  await expect(page.getByTestId('slot-code').locator('.monaco-editor')).toBeVisible();

  // The diagram: drag a state.
  await page.getByTestId('stack-tab-machine').click();
  const failed = stateNode(page, 'failed');
  await expect(failed).toBeVisible();
  const before = await centre(failed);
  await drag(page, before, { x: before.x + 40, y: before.y + 60 });
  await saved(page);
  // The diagram scales to fit, so the stored position moved by the drag in diagram units: right and down from (220, 340).
  const draft = await callApi<{ draft: { stateMachine: { states: { name: string; position?: { x: number; y: number } }[] } } }>(
    nimbus.url,
    'getStack',
    { name: 'ha-web' },
  );
  const moved = draft.draft.stateMachine.states.find((state) => state.name === 'failed')?.position;
  expect(moved?.x).toBeGreaterThan(250);
  expect(moved?.y).toBeGreaterThan(380);
  // Every state is fixed where the drag left it, so nothing else moved.
  expect(draft.draft.stateMachine.states.find((state) => state.name === 'active')?.position).toEqual({ x: 440, y: 140 });

  // Zoom: the buttons scale the diagram (the canvas scrolls), + and 0 from the keyboard, back to fit.
  const diagramSvg = page.getByTestId('state-diagram-canvas').locator('svg');
  const width = async () => (await stateNode(page, 'active').boundingBox())?.width ?? 0;
  const fitted = await width();
  await page.getByTestId('diagram-zoom-in').click();
  await page.getByTestId('diagram-zoom-in').click();
  await expect(diagramSvg).not.toHaveAttribute('data-zoom', 'fit');
  await expect(page.getByTestId('diagram-zoom-fit')).toHaveText(/^\d+%$/);
  await expect.poll(width).toBeGreaterThan(fitted * 1.4);
  await page.getByTestId('diagram-zoom-fit').click();
  await expect(diagramSvg).toHaveAttribute('data-zoom', 'fit');
  await page.getByTestId('state-diagram-canvas').focus();
  await page.keyboard.press('+');
  await expect(diagramSvg).not.toHaveAttribute('data-zoom', 'fit');
  await page.keyboard.press('0');
  await expect(diagramSvg).toHaveAttribute('data-zoom', 'fit');
  await expect.poll(width).toBeCloseTo(fitted, 0);
  const canvasBox = await page.getByTestId('state-diagram-canvas').boundingBox();
  await page.mouse.move(canvasBox!.x + canvasBox!.width / 2, canvasBox!.y + canvasBox!.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect.poll(width).toBeGreaterThan(fitted * 1.1);
  await page.getByTestId('diagram-zoom-fit').click();
  await expect.poll(width).toBeCloseTo(fitted, 0);

  // Add a state: nothing leads to it, so the engine reports it unreachable, on the state itself.
  await page.getByTestId('add-state').click();
  await expect(page.getByTestId('state-form')).toBeVisible();
  await page.getByTestId('state-name').fill('archived');
  await page.getByTestId('state-name').press('Enter');
  await expect(stateNode(page, 'archived')).toBeVisible();
  await expect(stateNode(page, 'archived')).toHaveAttribute('data-problem', 'true');
  await expect(page.getByTestId('stack-problem').filter({ hasText: 'archived cannot be reached' })).toBeVisible();
  await expect(page.getByTestId('versions-publish')).toBeDisabled();

  // Draw a transition from `active` to `archived` by dragging from the handle, then set trigger, workflow and guard.
  await drag(page, await centre(page.getByTestId('state-handle-active')), await centre(stateNode(page, 'archived')));
  await expect(page.getByTestId('transition-form')).toBeVisible();
  await expect(page.getByTestId('transition-active-to-archived')).toBeVisible();
  await page.getByTestId('transition-trigger').fill('archive');
  await page.getByTestId('transition-workflow').fill('heal');
  await page.getByTestId('transition-guard').fill("instance.state == 'active'");
  const edge = page.getByTestId('transition-active-archive');
  await expect(edge).toHaveAttribute('data-to', 'archived');
  await expect(edge).toHaveAttribute('data-workflow', 'heal');
  await expect(edge).toContainText('archive');
  await saved(page);
  await expect(stateNode(page, 'archived')).not.toHaveAttribute('data-problem', 'true');
  await expect(page.getByTestId('stack-problems')).toHaveAttribute('data-count', '0');

  // A second initial state: the problem is shown on the state that should not be initial.
  await stateNode(page, 'archived').click();
  await page.getByTestId('state-initial').check();
  await expect(stateNode(page, 'archived')).toHaveAttribute('data-problem', 'true');
  await expect(page.getByTestId('stack-problems')).toContainText('State archived is initial, but new already is');
  await expect(page.getByTestId('stack-problems')).toHaveAttribute('data-count', '1');

  // Undo takes the second initial state back; redo brings it again; undo once more.
  await page.getByTestId('state-diagram').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('state-initial')).not.toBeChecked();
  await expect(stateNode(page, 'archived')).not.toHaveAttribute('data-problem', 'true');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('state-initial')).toBeChecked();
  await expect(stateNode(page, 'archived')).toHaveAttribute('data-problem', 'true');
  await page.getByTestId('toolbar-undo-stack-edit').click();
  await expect(page.getByTestId('state-initial')).not.toBeChecked();
  await saved(page);
  await expect(page.getByTestId('stack-problems')).toHaveAttribute('data-count', '0');

  // Delete the selected transition with the Delete key, then undo that too.
  await edge.click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('transition-active-archive')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('transition-active-archive')).toBeVisible();
  await saved(page);

  // Publish v1 with a changelog.
  await page.getByTestId('stack-tab-versions').click();
  await expect(page.getByTestId('publish-blocked-reason')).toHaveCount(0);
  await page.getByTestId('versions-publish').click();
  await page.getByTestId('publish-stack-changelog').fill('First version: archive from active.');
  await page.getByTestId('publish-stack-submit').click();
  await expect(page.getByTestId('publish-stack-dialog')).toHaveCount(0);
  await expect(page.getByTestId('stack-version-row')).toHaveCount(1);
  await expect(page.locator('[data-testid="stack-item"][data-id="ha-web"]')).toContainText('v1');

  // The published version is read-only.
  await page.getByTestId('view-version').click();
  await expect(page.getByTestId('readonly-banner')).toBeVisible();
  await expect(page.getByTestId('stack-editor')).toHaveAttribute('data-readonly', 'true');
  await page.getByTestId('edit-draft').click();

  // Fork it: the fork opens, and remembers where it came from.
  await page.getByTestId('versions-fork').click();
  await page.getByTestId('fork-stack-name').fill('ha-web-eu');
  await page.getByTestId('fork-stack-submit').click();
  await expect(page.getByTestId('stack-name')).toHaveText('ha-web-eu');
  await expect(page).toHaveURL(/#\/stacks\/ha-web-eu$/);
  await expect(page.locator('[data-testid="stack-item"][data-id="ha-web-eu"]')).toContainText('fork of ha-web@1');
  await page.getByTestId('stack-tab-machine').click();
  await expect(page.getByTestId('transition-active-archive')).toBeVisible();
});

test('keeps edits through a refused save and a revision conflict, and offers its commands in the palette', async ({ page, nimbus }) => {
  await page.goto('/#/stacks');
  await page.getByTestId('empty-new-stack').click();
  await page.getByTestId('new-stack-name').fill('small');
  await page.getByTestId('new-stack-submit').click();
  await expect(page.getByTestId('stack-name')).toHaveText('small');
  await expect(page.getByTestId('slot-item')).toHaveText([/main/]);

  // An output whose expression is blank: the engine will not store it; the edit stays, marked, until fixed.
  await page.getByTestId('stack-tab-parameters').click();
  await page.getByTestId('add-output').click();
  await page.getByTestId('output-expression').fill('   ');
  await expect(page.getByTestId('save-rejected')).toBeVisible();
  await expect(page.locator('[data-testid="stack-problem"][data-kind="unsaved"]')).toContainText('must not be empty');
  await page.getByTestId('output-expression').fill('slots.main.endpoint');
  await expect(page.getByTestId('save-rejected')).toHaveCount(0);
  await saved(page);

  // Someone else saves the draft: the next save conflicts, and "Keep mine" writes this draft over theirs.
  const theirs = await callApi<{ draftRevision: number; draft: Record<string, unknown> }>(nimbus.url, 'getStack', { name: 'small' });
  await callApi(nimbus.url, 'saveStackDraft', {
    name: 'small',
    expectedRevision: theirs.draftRevision,
    document: { ...theirs.draft, description: 'theirs' },
  });
  await page.getByTestId('stack-description').fill('mine');
  await expect(page.getByTestId('conflict-banner')).toBeVisible();
  await page.getByTestId('conflict-keep-mine').click();
  await expect(page.getByTestId('conflict-banner')).toHaveCount(0);
  await saved(page);
  expect((await callApi<{ description: string }>(nimbus.url, 'getStack', { name: 'small' })).description).toBe('mine');

  // The palette lists the stack commands with their shortcuts.
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette-dialog');
  await palette.getByRole('combobox', { name: 'Search commands' }).fill('stack');
  await expect(palette.getByRole('option', { name: /New stack/ })).toContainText('Alt+N');
  await expect(palette.getByRole('option', { name: /Undo stack edit/ })).toContainText('Ctrl+Z');
  await expect(palette.getByRole('option', { name: /Publish stack/ })).toBeVisible();
  await expect(palette.getByRole('option', { name: /Fork stack/ })).toBeVisible();
  await page.keyboard.press('Escape');
});

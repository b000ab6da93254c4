import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

/** Collects requests to other origins (Monaco must come from our bundle). */
function watchForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) foreign.push(request.url());
  });
  return foreign;
}

const codeEditor = (page: Page): Locator => page.getByTestId('component-editor');

/** Replaces the whole text of the program editor, as typing would. */
async function replaceCode(page: Page, code: string): Promise<void> {
  await codeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Creates a component through the "New component" dialog. */
async function createComponent(page: Page, name: string, options: { template?: string; type?: string } = {}): Promise<void> {
  const emptyButton = page.getByTestId('empty-new-component');
  if (await emptyButton.isVisible()) await emptyButton.click();
  else await page.getByTestId('new-component').click();
  await page.getByTestId('new-component-name').fill(name);
  await page.getByTestId('new-component-provider').selectOption('local');
  if (options.type) await page.getByTestId('new-component-type').selectOption(options.type);
  if (options.template) await page.getByTestId('new-component-template').selectOption(options.template);
  await page.getByTestId('new-component-submit').click();
  await expect(page.getByTestId('new-component-dialog')).toHaveCount(0);
  await expect(page.getByTestId('component-name')).toHaveText(name);
  await expect(codeEditor(page).locator('.monaco-editor')).toBeVisible();
}

const inputRow = (page: Page, name: string): Locator => page.locator(`[data-testid="property-row-inputs"][data-name="${name}"]`);

test('authors a component: contract, typed args, try it, publish, read-only versions, catalog', async ({ page }) => {
  const foreign = watchForeignRequests(page);
  const revision = page.getByTestId('revision-label');
  const markerCount = page.getByTestId('marker-count');

  await page.goto('/#/components');
  await expect(page.getByTestId('components-empty')).toBeVisible();
  await createComponent(page, 'web-file', { type: 'BlockStorage' });
  await expect(codeEditor(page).locator('.view-lines')).toContainText('const fileProvider: pulumi.dynamic.ResourceProvider');
  await expect(revision).toHaveAttribute('data-revision', '1');
  await expect(page.getByTestId('component-item')).toContainText('local · draft · rev 1');
  // The Pulumi SDK's declarations come from the engine, so the template type-checks cleanly.
  await expect(page.getByTestId('typings-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('typings-status')).toContainText('@pulumi/pulumi');
  await expect(markerCount).toHaveAttribute('data-errors', '0');

  // Contract: add an input `cores`, an integer with a default.
  await page.getByTestId('component-tab-contract').click();
  await expect(inputRow(page, 'name')).toBeVisible();
  await page.getByTestId('add-property').click();
  // Found by position: the name applies as it is typed, so the row's name changes under the locator.
  const added = page.getByTestId('property-row-inputs').last();
  await expect(added).toHaveAttribute('data-name', 'input_1');
  await expect(added.getByTestId('property-name')).toBeFocused();
  await added.getByTestId('property-name').fill('cores');
  await added.getByTestId('property-name').press('Enter');
  await expect(added.getByTestId('property-name')).toBeFocused();
  const cores = inputRow(page, 'cores');
  await cores.getByTestId('property-type').selectOption('integer');
  await cores.getByTestId('property-default').fill('2.5');
  await expect(cores).toContainText('Expected a whole number.');
  await cores.getByTestId('property-default').fill('2');
  await cores.getByTestId('property-description').fill('Number of vCPUs');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  // The JSON view shows the same contract; the form and the JSON stay in step.
  await page.getByTestId('contract-view-json').check();
  const json = page.getByTestId('contract-json-editor');
  await expect(json.locator('.view-lines')).toContainText('"cores"');
  await expect(json.locator('.view-lines')).toContainText('"type": "integer"');
  await page.getByTestId('contract-view-form').check();
  await expect(inputRow(page, 'cores').getByTestId('property-default')).toHaveValue('2');

  await page.keyboard.press('Control+s');
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  // IntelliSense: `args.` offers the new input, and a property the contract lacks is an error.
  await page.getByTestId('component-tab-code').click();
  await codeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('export const vcpus = args.');
  const suggest = codeEditor(page).locator('.suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest.locator('.monaco-list-row', { hasText: 'cores' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.type('coers;');
  await expect(codeEditor(page).locator('.squiggly-error').first()).toBeVisible();
  await expect(markerCount).toHaveAttribute('data-errors', '1');
  await expect(markerCount).toHaveAttribute('title', /Property 'coers' does not exist/);

  // Back to a correct line that reads the input the way the program runs it: as configuration.
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText("export const vcpus = new pulumi.Config().requireNumber('cores');");
  await expect(markerCount).toHaveAttribute('data-errors', '0');

  // Try it (Ctrl+Enter in the editor): runs under mocks with the defaults and a sampled name.
  await page.keyboard.press('Control+Enter');
  const tryPanel = page.getByTestId('try-panel');
  await expect(tryPanel).toBeVisible();
  await expect(tryPanel.locator('[data-testid="try-param"][data-name="cores"] input')).toHaveValue('2');
  await expect(tryPanel.locator('[data-testid="try-param"][data-name="name"] input')).toHaveValue('web-file-01');
  await expect(page.getByTestId('try-summary')).toContainText('Would create 1 resource', { timeout: 45_000 });
  await expect(page.getByTestId('try-resource')).toHaveCount(1);
  await expect(page.getByTestId('try-resource')).toHaveAttribute('data-name', 'file');
  await expect(tryPanel.locator('[data-testid="try-output"][data-name="vcpus"]')).toContainText('2');

  // A program error links to its line.
  await codeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText("if (new pulumi.Config().get('content') === 'boom') throw new Error('boom requested');");
  await tryPanel.locator('[data-testid="try-param"][data-name="content"] input').fill('boom');
  await page.getByTestId('try-run').click();
  await expect(page.getByTestId('try-error')).toContainText('boom requested', { timeout: 45_000 });
  const lineLink = page.getByTestId('try-error-line');
  const line = /line (\d+)/.exec((await lineLink.textContent()) ?? '')?.[1];
  expect(line).toBeDefined();
  await lineLink.click();
  // The cursor lands on the line that threw (Monaco marks its number as the active one).
  await expect(codeEditor(page).locator('.active-line-number')).toHaveText(line!);

  // Publishing saves the draft first, then asks for a changelog.
  await page.getByTestId('toolbar-publish-component').click();
  await expect(page.getByTestId('publish-dialog')).toBeVisible();
  await expect(revision).toHaveAttribute('data-revision', '3');
  await page.getByTestId('publish-changelog').fill('First version: a file with a configurable core count.');
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-dialog')).toHaveCount(0);
  await expect(page.getByTestId('component-item')).toContainText('local · v1');

  // History lists it; opening it shows the published program read-only.
  await page.getByTestId('component-tab-history').click();
  await expect(page.locator('[data-testid="version-item"][data-version="1"]')).toContainText('First version');
  await page.locator('[data-testid="open-version"][data-version="1"]').click();
  await expect(page.getByTestId('readonly-banner')).toContainText('version 1 is published and cannot change; edit the draft', {
    ignoreCase: true,
  });
  await page.getByTestId('component-tab-code').click();
  await expect(codeEditor(page)).toHaveAttribute('data-readonly', 'true');
  await codeEditor(page).locator('.view-lines').click();
  await page.keyboard.type('// should not appear');
  await expect(codeEditor(page).locator('.view-lines')).not.toContainText('should not appear');
  await expect(page.getByTestId('toolbar-save-component')).toBeDisabled();
  await page.getByTestId('component-tab-contract').click();
  await expect(inputRow(page, 'cores').getByTestId('property-name')).toHaveAttribute('readonly', '');
  await page.getByTestId('edit-draft').click();
  await expect(page.getByTestId('readonly-banner')).toHaveCount(0);
  await expect(page.getByTestId('version-picker')).toHaveValue('draft');

  // The catalog shows the published version with its changelog.
  await page.getByTestId('nav-catalog').click();
  const card = page.locator('[data-testid="catalog-card"][data-name="web-file"]');
  await expect(card.getByTestId('catalog-card-version')).toHaveText('v1');
  await card.click();
  const detail = page.getByTestId('component-detail');
  await expect(detail.locator('[data-testid="version-item"][data-version="1"]').getByTestId('version-changelog')).toHaveText(
    'First version: a file with a configurable core count.',
  );
  await expect(detail.locator('[data-testid="contract-inputs-row"][data-name="cores"]')).toContainText('Number of vCPUs');

  expect(foreign).toEqual([]);
});

test('shows the engine refusing a binding next to the input, and holds saving while JSON is broken', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', {
    name: 'seeded-vm',
    provider: 'local',
    semanticType: 'VirtualMachine',
    content: {
      description: 'Seeded for the binding test.',
      code: "import * as pulumi from '@pulumi/pulumi';\n\nexport const host = new pulumi.Config().require('hostname');\n",
      inputSchema: {
        type: 'object',
        required: ['hostname'],
        properties: { hostname: { type: 'string', format: 'hostname' }, cores: { type: 'integer', default: 2 } },
      },
      outputSchema: { type: 'object', properties: { host: { type: 'string' } } },
      resolverBindings: { hostname: { resolver: 'naming' } },
    },
  });
  await page.goto('/#/components/seeded-vm');
  await expect(page.getByTestId('component-name')).toHaveText('seeded-vm');

  // Bindings: the existing naming binding is shown; binding an integer warns at once and the engine refuses it.
  await page.getByTestId('component-tab-bindings').click();
  const hostname = page.locator('[data-testid="binding-row"][data-name="hostname"]');
  await expect(hostname.getByTestId('binding-resolver')).toHaveValue('naming');
  const cores = page.locator('[data-testid="binding-row"][data-name="cores"]');
  await cores.getByTestId('binding-resolver').selectOption('naming');
  await expect(cores.getByTestId('binding-mismatch')).toContainText('declared as integer');
  await page.getByTestId('toolbar-save-component').click();
  const problem = page.getByTestId('save-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-area', 'bindings');
  await expect(problem).toHaveAttribute('data-property', 'cores');
  await expect(cores).toHaveAttribute('data-problem', 'true');
  await expect(cores.getByTestId('binding-problem')).toContainText('cores');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '1');

  // An ipam subnet needs a prefix: the form says so before any save.
  await cores.getByTestId('binding-resolver').selectOption('none');
  await hostname.getByTestId('binding-resolver').selectOption('ipam');
  await hostname.getByTestId('binding-allocate').selectOption('subnet');
  await expect(hostname).toContainText('A subnet needs a prefix length');
  await hostname.getByTestId('binding-prefix').fill('24');
  await hostname.getByTestId('binding-resolver').selectOption('naming');
  await hostname.getByTestId('binding-pattern').fill('{env}-{seq}');

  // JSON view: broken JSON holds the form and saving back, with the parser's words.
  await page.getByTestId('component-tab-contract').click();
  await page.getByTestId('contract-view-json').check();
  const json = page.getByTestId('contract-json-editor');
  await json.locator('.view-lines').click({ position: { x: 40, y: 8 } });
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(',');
  await expect(page.getByTestId('contract-json-problem')).toContainText('Not valid JSON');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('pending-edits')).toContainText('input schema (JSON view)');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '1');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('contract-json-problem')).toHaveCount(0);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('save-problem')).toHaveCount(0);

  const saved = await callApi<{ draft: { resolverBindings: Record<string, unknown> } }>(nimbus.url, 'getComponent', { name: 'seeded-vm' });
  expect(saved.draft.resolverBindings).toEqual({ hostname: { resolver: 'naming', pattern: '{env}-{seq}' } });
});

const BROKEN = `import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const n: number = 'x';
export const size = n + (config.getNumber('size') ?? 1);
`;

const FIXED = BROKEN.replace("const n: number = 'x';", 'const n: number = 7;');

test('flags a type error, clears it once fixed, saves, and keeps the code across a reload', async ({ page }) => {
  const foreign = watchForeignRequests(page);
  const markerCount = page.getByTestId('marker-count');
  const revision = page.getByTestId('revision-label');

  await page.goto('/');
  await page.getByTestId('nav-components').click();
  await createComponent(page, 'greeter', { template: 'minimal' });
  await expect(codeEditor(page).locator('.view-lines')).toContainText("import * as pulumi from '@pulumi/pulumi';");
  await expect(revision).toHaveAttribute('data-revision', '1');

  await replaceCode(page, BROKEN);
  await expect(codeEditor(page).locator('.squiggly-error').first()).toBeVisible();
  await expect(markerCount).toContainText('1 error');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  await replaceCode(page, FIXED);
  await expect(codeEditor(page).locator('.squiggly-error')).toHaveCount(0);
  await expect(markerCount).toHaveText('No problems');

  // Ctrl+S while typing in the editor saves through the same command as the toolbar button.
  await page.keyboard.press('Control+s');
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  await page.reload();
  await expect(page.getByTestId('component-name')).toHaveText('greeter');
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(codeEditor(page).locator('.view-lines')).toContainText('const n: number = 7;');
  await expect(markerCount).toHaveAttribute('data-errors', '0');

  expect(foreign).toEqual([]);
});

test('asks before discarding unsaved changes when another component is opened', async ({ page, nimbus }) => {
  for (const name of ['alpha', 'beta']) {
    await callApi(nimbus.url, 'createComponent', {
      name,
      provider: 'local',
      semanticType: 'VirtualMachine',
      content: {
        code: `export const who = '${name}';\n`,
        inputSchema: { type: 'object', properties: {} },
        outputSchema: { type: 'object', properties: {} },
      },
    });
  }
  await page.goto('/#/components/alpha');
  await expect(page.getByTestId('component-name')).toHaveText('alpha');
  await expect(codeEditor(page).locator('.monaco-editor')).toBeVisible();
  await replaceCode(page, "export const who = 'changed';\n");
  await page.locator('[data-testid="component-item"][data-id="beta"]').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('"alpha" has changes that are not saved');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('component-name')).toHaveText('alpha');
  await expect(codeEditor(page).locator('.view-lines')).toContainText('changed');

  await page.locator('[data-testid="component-item"][data-id="beta"]').click();
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('component-name')).toHaveText('beta');
  await expect(codeEditor(page).locator('.view-lines')).toContainText("'beta'");
});

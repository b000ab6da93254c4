import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const BROKEN = `import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const n: number = 'x';
export const size = n + (config.getNumber('size') ?? 1);
`;

const FIXED = BROKEN.replace("const n: number = 'x';", 'const n: number = 7;');

/** Replaces the whole text of the focused Monaco editor, as typing would. */
async function replaceCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('component-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

test('flags a type error, clears it once fixed, saves, and keeps the code across a reload', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  // Monaco must come from our own bundle: any request to another origin (a CDN) is a failure.
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) foreign.push(request.url());
  });
  const markerCount = page.getByTestId('marker-count');
  const editor = page.getByTestId('component-editor');
  const revision = page.getByTestId('revision-label');

  await page.goto('/');
  await page.getByTestId('nav-components').click();
  await expect(page.getByTestId('components-empty')).toBeVisible();
  await page.getByTestId('empty-new-component').click();
  await page.getByTestId('prompt-input').fill('greeter');
  await page.getByTestId('prompt-confirm').click();
  await expect(page.getByTestId('component-name')).toHaveText('greeter');
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  await expect(editor.locator('.view-lines')).toContainText("import * as pulumi from '@pulumi/pulumi';");
  await expect(revision).toHaveAttribute('data-revision', '1');

  await replaceCode(page, BROKEN);
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  await expect(markerCount).toHaveAttribute('data-errors', /^[1-9]\d*$/);
  await expect(markerCount).toContainText('1 error');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'true');

  await replaceCode(page, FIXED);
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);
  await expect(markerCount).toHaveAttribute('data-errors', '0');
  await expect(markerCount).toHaveText('No problems');

  // Ctrl+S while typing in the editor saves through the same command as the toolbar button.
  await page.keyboard.press('Control+s');
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  await page.reload();
  await expect(page.getByTestId('component-name')).toHaveText('greeter');
  await expect(revision).toHaveAttribute('data-revision', '2');
  await expect(editor.locator('.view-lines')).toContainText('const n: number = 7;');
  await expect(editor.locator('.view-lines')).not.toContainText("'x'");
  await expect(markerCount).toHaveAttribute('data-errors', '0');

  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
});

test('saves from the toolbar button and lists the new revision', async ({ page }) => {
  await page.goto('/#/components');
  await page.getByTestId('empty-new-component').click();
  await page.getByTestId('prompt-input').fill('bucket');
  await page.getByTestId('prompt-confirm').click();
  await expect(page.getByTestId('component-editor').locator('.monaco-editor')).toBeVisible();

  await replaceCode(page, 'export const answer: number = 42;\n');
  await page.getByTestId('toolbar-save-component').click();
  await expect(page.getByTestId('revision-label')).toHaveAttribute('data-revision', '2');
  await expect(page.getByTestId('component-item')).toContainText('rev 2');
});

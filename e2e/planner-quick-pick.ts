import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

/**
 * Adds a node the way a person does from the toolbar: Add node opens the quick pick of the catalog,
 * the query narrows it to `ref` (a published `name@version`), Enter adds it.
 */
export async function addNodeFromQuickPick(page: Page, ref: string): Promise<void> {
  await page.getByTestId('toolbar-add-node').click();
  const dialog = page.getByTestId('add-node-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('quick-pick-search').fill(ref.replace(/@\d+$/, ''));
  await expect(dialog.locator('[data-testid="quick-pick-item"][aria-selected="true"]')).toHaveAttribute('data-ref', ref);
  await dialog.getByTestId('quick-pick-search').press('Enter');
  await expect(dialog).toHaveCount(0);
}

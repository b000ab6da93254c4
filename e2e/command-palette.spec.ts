import { expect, test } from './fixtures.js';

test('the command palette lists the page’s and the app’s commands, searches them and runs one', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation').waitFor();
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette-dialog');
  await expect(palette).toBeVisible();
  const search = palette.getByRole('combobox', { name: 'Search commands' });
  await expect(search).toBeFocused();
  await expect(palette.getByRole('option', { name: /Go to Settings/ })).toBeVisible();

  await search.fill('go set');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('zzzz-nothing');
  await expect(page.getByText('No command matches “zzzz-nothing”.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette-dialog')).toBeHidden();
});

import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

const zoneCard = (page: Page, name: string): Locator => page.locator(`[data-testid="landing-zone-card"][data-name="${name}"]`);
const environmentCard = (page: Page, name: string): Locator => page.locator(`[data-testid="environment-card"][data-name="${name}"]`);
const poolRow = (page: Page, name: string): Locator => page.locator(`[data-testid="pool-row"][data-name="${name}"]`);

test('renames and deletes landing zones, environments and pools, and shows why a delete in use is refused', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createIpamPool', { name: 'corp', cidr: '10.60.0.0/16' });
  await callApi(nimbus.url, 'createLandingZone', { name: 'home', provider: 'local', resolverConfig: { ipam: { pool: 'corp' } } });
  await callApi(nimbus.url, 'createEnvironment', { name: 'dev', landingZone: 'home' });

  await page.goto('/#/environments');
  await expect(zoneCard(page, 'home')).toBeVisible();

  // A landing zone with an environment is not deleted; the confirmation says which environment holds it.
  await zoneCard(page, 'home').getByTestId('landing-zone-delete').click();
  await expect(page.getByTestId('landing-zone-remove-dialog')).toBeVisible();
  await page.getByTestId('landing-zone-remove-submit').click();
  await expect(page.getByTestId('landing-zone-remove-error')).toContainText('still has 1 environment: dev');
  await page.getByTestId('landing-zone-remove-cancel').click();
  await expect(zoneCard(page, 'home')).toBeVisible();

  // Renames, from the keyboard: the environment keeps its landing zone under the new name.
  await environmentCard(page, 'dev').getByTestId('environment-edit').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('environment-rename-name').fill('test');
  await page.keyboard.press('Enter');
  await expect(environmentCard(page, 'test')).toBeVisible();
  await zoneCard(page, 'home').getByTestId('landing-zone-edit').click();
  await page.getByTestId('landing-zone-rename-name').fill('house');
  await page.getByTestId('landing-zone-rename-submit').click();
  await expect(zoneCard(page, 'house')).toBeVisible();
  await expect(environmentCard(page, 'test')).toContainText('house');

  // The pool is named by the landing zone: its delete is refused, naming the zone.
  await page.getByTestId('environments-tab-ipam').click();
  await poolRow(page, 'corp').click();
  await page.getByTestId('pool-delete').click();
  await page.getByTestId('pool-remove-submit').click();
  await expect(page.getByTestId('pool-remove-error')).toContainText('landing zone house');
  await page.getByTestId('pool-remove-cancel').click();

  // Environment, then landing zone, then pool: each delete asks first, then goes through.
  await page.getByTestId('environments-tab-environments').click();
  await environmentCard(page, 'test').getByTestId('environment-delete').click();
  await page.getByTestId('environment-remove-submit').click();
  await expect(environmentCard(page, 'test')).toHaveCount(0);
  await zoneCard(page, 'house').getByTestId('landing-zone-delete').click();
  await page.getByTestId('landing-zone-remove-submit').click();
  await expect(page.getByTestId('environments-empty')).toBeVisible();
  await page.getByTestId('environments-tab-ipam').click();
  await poolRow(page, 'corp').click();
  await page.getByTestId('pool-delete').click();
  await page.getByTestId('pool-remove-submit').click();
  await expect(page.getByTestId('ipam-empty')).toBeVisible();
});

import { scan } from './axe-scan.js';
import { expect, test } from './fixtures.js';

test('a browser without a sign-in is asked for the token, refused a wrong one, and let in with the right one', async ({
  page,
  context,
  nimbus,
  pageErrors,
}) => {
  pageErrors.expect('401', 'a wrong token is answered 401 Unauthorized, which the browser logs');
  await context.clearCookies();
  await page.goto('/#/catalog');
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('status-connection')).toHaveCount(0);
  const found: string[] = [];
  await scan(page, 'sign-in', found);
  expect(found).toEqual([]);

  await expect(page.getByTestId('sign-in-submit')).toBeDisabled();
  await page.getByTestId('sign-in-token').fill('nmb_o_not-the-token');
  await page.getByTestId('sign-in-token').press('Enter');
  await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'unauthorized');
  await expect(page.getByTestId('sign-in-error')).toContainText('not valid');

  await page.getByTestId('sign-in-token').fill(nimbus.token);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await expect(page).toHaveURL(/#\/catalog$/);
  const cookies = await context.cookies();
  expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Strict', value: nimbus.token })]);
  // Page scripts never see the token.
  expect(await page.evaluate(() => document.cookie)).toBe('');
});

test('the address nimbus serve prints signs the browser in and leaves the token out of the address bar', async ({
  page,
  context,
  nimbus,
}) => {
  await context.clearCookies();
  await page.goto(`${nimbus.url}?token=${nimbus.token}#/environments`);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  expect(page.url()).not.toContain('token');
  expect(page.url()).toMatch(/#\/environments$/);
});

test('signing out in the app forgets the sign-in and shows the sign-in page again', async ({ page, context }) => {
  await page.goto('/#/settings');
  await expect(page.getByTestId('account-user')).toHaveText('local-user');
  await expect(page.getByTestId('status-user')).toHaveText('local-user @ default');
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('sign-in-token')).toBeVisible();
  expect(await context.cookies()).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('sign-in')).toBeVisible();
});

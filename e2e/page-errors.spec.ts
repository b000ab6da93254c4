import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

// These need no Nimbus server: a blank page is enough to throw and log from.
test.use({ baseURL: undefined });

/** Makes a page throw an uncaught error and log a console error. */
async function misbehave(page: Page): Promise<void> {
  await page.setContent('<main>misbehaving</main>');
  await page.evaluate(() => {
    console.error('a console error on purpose');
    setTimeout(() => {
      throw new Error('an uncaught error on purpose');
    });
  });
  await page.waitForTimeout(200);
}

// The watcher every spec has: these prove that it fails a test, and that an allowance lets one pass.
test('fails a test whose page throws or logs an error it did not expect', async ({ page }) => {
  test.fail(true, 'the page-error watcher must fail this test');
  await misbehave(page);
});

test('lets a test declare the errors it expects', async ({ page, pageErrors }) => {
  pageErrors.expect('a console error on purpose', 'this test logs it itself');
  pageErrors.expect(/uncaught error on purpose/, 'this test throws it itself');
  await misbehave(page);
  expect(pageErrors.problems).toEqual([]);
});

test('records what it saw for the test to inspect', async ({ page, pageErrors }) => {
  pageErrors.expect(/on purpose/, 'this test inspects them before allowing them');
  await misbehave(page);
  expect(pageErrors.problems).toEqual([]);
  await page.evaluate(() => console.error('another one, not expected'));
  await expect.poll(() => pageErrors.problems.length).toBe(1);
  expect(pageErrors.problems[0]).toMatch(/^console: another one, not expected/);
  // Declaring it afterwards also clears what was already recorded, so this test ends clean.
  pageErrors.expect('another one, not expected', 'checked just above');
  expect(pageErrors.problems).toEqual([]);
});

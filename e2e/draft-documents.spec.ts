import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { callOverHttp, sharedServerUnavailable, type SharedServerProcess } from './shared-server.js';
import { withTwoDesktops } from './two-desktops.js';

// A component draft authored on two desktops (`nimbus serve`, each with its own data directory)
// linked to one shared server on PostgreSQL, one browser context on each. Bob's desktop reaches the
// server through a TCP proxy the test closes to take it offline.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');
const FAST_SYNC = { NIMBUS_SYNC_BASE_MS: '200', NIMBUS_SYNC_CAP_MS: '1000' };
test.use({ nimbusEnv: FAST_SYNC, viewport: { width: 1500, height: 950 } });

const CONTENT = {
  description: 'A web server',
  code: 'export function zone() {\n  return "a";\n}\n',
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' } } },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: {},
  secretInputs: [],
};

/** Sets the component's description in the editor and saves with the keyboard. */
async function describeAs(page: Page, text: string): Promise<void> {
  await page.locator('#component-tab-contract').click();
  await page.getByTestId('component-description-input').fill(text);
  await page.getByTestId('component-description-input').press('Tab');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('toolbar-save-component')).toBeDisabled();
}

test('a component draft edited on two desktops, one offline, merges; the field both set is a conflict resolved with Keep this, heard live', async ({
  page,
  nimbus,
  browser,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  const a11y: string[] = [];
  const prepare = async (server: SharedServerProcess, admin: string) => {
    const made = await callOverHttp(server.url, admin, 'createComponent', {
      name: 'web',
      provider: 'local',
      semanticType: 'Container',
      content: CONTENT,
    });
    expect(made.status).toBe(200);
  };
  await withTwoDesktops(
    { page, nimbus, browser, pageErrors },
    { role: 'tenant-admin', env: FAST_SYNC, prepare },
    async ({ server, admin, ann, bob, bobDesktop, proxy }) => {
      // Opened while connected: each desktop keeps the draft's document, so it stays editable offline.
      for (const each of [ann, bob]) {
        await each.goto('/#/components/web');
        await expect(each.getByTestId('component-description-input')).toHaveValue('A web server');
        await expect(each.getByTestId('draft-conflicts')).toHaveCount(0);
      }

      // Bob goes offline; both set the description; his save is kept on his desktop and waits.
      await proxy.close();
      await describeAs(bob, 'Bob’s web server');
      await expect(bob.getByTestId('draft-waiting')).toBeVisible();
      await describeAs(ann, 'Ann’s web server');
      await expect(ann.getByTestId('draft-waiting')).toHaveCount(0);

      // Back online: Bob's edit is sent by itself; opened again, both desktops show the conflict with who set each value.
      await proxy.open();
      await expect
        .poll(async () => (await callApi<{ documentsWaiting?: number }>(bobDesktop.url, 'syncStatus', {})).documentsWaiting, {
          timeout: 30_000,
        })
        .toBe(0);
      for (const each of [ann, bob]) {
        await each.reload();
        const conflict = each.getByTestId('draft-conflicts').getByTestId('inspector-conflict');
        await expect(conflict).toHaveCount(1, { timeout: 20_000 });
        await expect(conflict.getByRole('heading')).toHaveText('description');
        await expect(conflict.getByTestId('conflict-choice')).toHaveCount(2);
        await expect(
          conflict.getByTestId('conflict-choice').filter({ hasText: 'Ann’s web server' }).getByTestId('conflict-who'),
        ).toContainText('ann');
        await expect(
          conflict.getByTestId('conflict-choice').filter({ hasText: 'Bob’s web server' }).getByTestId('conflict-who'),
        ).toContainText('bob');
      }
      await expect(bob.getByTestId('draft-waiting')).toHaveCount(0);
      await scanInBothThemes(bob, 'component editor with a draft conflict', a11y);

      // Bob keeps Ann's value from the keyboard: the conflict ends everywhere, and the editor shows her text.
      const annChoice = bob.getByTestId('conflict-choice').filter({ hasText: 'Ann’s web server' });
      await annChoice.getByTestId('conflict-keep').focus();
      await bob.keyboard.press('Enter');
      await expect(bob.getByTestId('draft-conflicts')).toHaveCount(0, { timeout: 20_000 });
      await expect(bob.getByTestId('component-description-input')).toHaveValue('Ann’s web server');
      // Ann's editor hears it live: the conflict goes.
      await expect(ann.getByTestId('draft-conflicts')).toHaveCount(0, { timeout: 20_000 });
      await expect(ann.getByTestId('component-description-input')).toHaveValue('Ann’s web server');
      // A later change by Bob appears in Ann's editor by itself, saying who made it.
      await describeAs(bob, 'Bob’s final words');
      await expect(ann.getByTestId('component-description-input')).toHaveValue('Bob’s final words', { timeout: 20_000 });
      await expect(ann.getByTestId('draft-remote-change')).toContainText('bob changed this draft');
      const onServer = await callOverHttp<{ draft: { description: string } }>(server.url, admin, 'getComponent', { name: 'web' });
      expect(onServer.body.draft.description).toBe('Bob’s final words');
      expectNoViolations(a11y);
    },
  );
});

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { labTopologyDocument } from '../engine/common/examples/example-topologies.js';
import { callApi } from './api-client.js';
import { scan } from './axe-scan.js';
import { expect, test, type PageErrors } from './fixtures.js';
import {
  callOverHttp,
  sharedServerLeftovers,
  sharedServerUnavailable,
  signInOverHttp,
  signInWithPassword,
  startSharedServer,
  stopSharedServer,
  type SharedServerProcess,
} from './shared-server.js';

// The app against a real `nimbus server start` on PostgreSQL: password sign-in, who is signed in, and
// what a user without a permission sees (and is refused).

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');

/** A browser of its own for one user of the server, watched for page errors like the test's own. */
async function browserFor(
  browser: Browser,
  server: SharedServerProcess,
  pageErrors: PageErrors,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url });
  pageErrors.watch(context);
  return { context, page: await context.newPage() };
}

test('an administrator signs in with a password; a read-only user sees Deploy disabled with the reason and the API refuses it', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  pageErrors.expect('401', 'a wrong password is answered 401 Unauthorized, which the browser logs');
  const server = await startSharedServer();
  try {
    // The administrator: a wrong password first, then the right one.
    const admin = await browserFor(browser, server, pageErrors);
    await admin.page.goto('/');
    await expect(admin.page.getByTestId('sign-in')).toBeVisible();
    await expect(admin.page.getByTestId('sign-in-token')).toHaveCount(0);
    const found: string[] = [];
    await scan(admin.page, 'password sign-in', found);
    expect(found).toEqual([]);
    await signInWithPassword(admin.page, server.admin.name, 'not-the-password');
    await expect(admin.page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'invalid_credentials');
    await expect(admin.page.getByTestId('sign-in-error')).toHaveText('Wrong user name or password.');
    await expect(admin.page.getByTestId('sign-in-password')).toHaveValue('');
    await expect(admin.page.getByTestId('sign-in-password')).toHaveAttribute('aria-invalid', 'true');
    await admin.page.getByTestId('sign-in-password').fill(server.admin.password);
    await admin.page.getByTestId('sign-in-submit').click();
    await expect(admin.page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
    await expect(admin.page.getByTestId('status-user')).toHaveText(`${server.admin.name} @ provider`);
    await expect(admin.page.getByTestId('status-backend')).toHaveText(`Server · ${new URL(server.url).origin}`);

    // The administrator makes a read-only user and a topology to look at, through the API.
    const adminToken = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const made = await callOverHttp<{ password: string }>(server.url, adminToken, 'createUser', { name: 'reader', role: 'read-only' });
    expect(made.status).toBe(200);
    const topology = await callOverHttp<{ id: string }>(server.url, adminToken, 'createTopology', {
      name: 'web',
      document: labTopologyDocument(),
    });
    expect(topology.status).toBe(200);

    // The read-only user sees the topology, and Deploy disabled with the permission it lacks.
    const reader = await browserFor(browser, server, pageErrors);
    await reader.page.goto(`/#/planner/${topology.body.id}`);
    await signInWithPassword(reader.page, 'reader', made.body.password);
    await expect(reader.page.getByTestId('status-user')).toHaveText('reader @ provider');
    await expect(reader.page.getByTestId('topology-name')).toHaveText('web');
    const deploy = reader.page.getByTestId('toolbar-deploy');
    await expect(deploy).toBeDisabled();
    await expect(deploy).toHaveAttribute('title', 'You lack the permission component:deploy');
    await expect(deploy).toHaveAccessibleDescription('You lack the permission component:deploy');
    await expect(reader.page.getByTestId('toolbar-save')).toHaveAttribute('data-blocked-reason', 'You lack the permission topology:update');
    await expect(reader.page.getByTestId('planner-read-only')).toContainText('You lack the permission topology:update');
    // The inspector shows a node's values, its fields disabled with the reason.
    await reader.page.getByTestId('planner-node').first().click();
    await expect(reader.page.getByTestId('inspector-read-only')).toHaveAttribute('title', 'You lack the permission topology:update');
    await expect(reader.page.getByTestId('planner-inspector').getByRole('textbox').first()).toBeDisabled();
    // No other way to deploy: the shortcut does nothing, and the palette lists the command disabled, saying why.
    await reader.page.keyboard.press('Control+Shift+D');
    await reader.page.keyboard.press('Control+Shift+P');
    const palette = reader.page.getByTestId('command-palette-dialog');
    await palette.getByRole('combobox', { name: 'Search commands' }).fill('Deploy topology');
    const entry = palette.getByRole('option', { name: /Deploy topology/ });
    await expect(entry).toHaveAttribute('aria-disabled', 'true');
    await expect(entry).toContainText('You lack the permission component:deploy');
    await reader.page.keyboard.press('Enter');
    await expect(reader.page.getByTestId('deploy-wizard')).toHaveCount(0);
    await reader.page.keyboard.press('Escape');

    // The API refuses the call itself.
    const readerToken = await signInOverHttp(server.url, 'reader', made.body.password);
    const refused = await callOverHttp(server.url, readerToken, 'startDeployment', { topology: topology.body.id, environment: 'e2e' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');

    // Signing out in the app ends the session: its token no longer works.
    const cookie = (await reader.context.cookies()).find((candidate) => candidate.name.startsWith('nimbus_session_'));
    expect(cookie?.httpOnly).toBe(true);
    expect((await callOverHttp(server.url, cookie!.value, 'whoAmI')).status).toBe(200);
    await reader.page.getByTestId('status-user').click();
    await reader.page.getByTestId('sign-out').click();
    await expect(reader.page.getByTestId('sign-in-name')).toBeVisible();
    expect((await callOverHttp(server.url, cookie!.value, 'whoAmI')).body.code).toBe('unauthorized');

    await admin.context.close();
    await reader.context.close();
  } finally {
    await stopSharedServer(server);
  }
  expect(server.process.exitCode ?? server.process.signalCode).not.toBeNull();
  expect(sharedServerLeftovers(server)).toEqual([]);
});

test('a read-only user cannot move, wire or delete nodes on the canvas, yet selects, inspects and zooms', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  const server = await startSharedServer();
  try {
    const adminToken = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const made = await callOverHttp<{ password: string }>(server.url, adminToken, 'createUser', { name: 'viewer', role: 'read-only' });
    const document = labTopologyDocument();
    const topology = await callOverHttp<{ id: string }>(server.url, adminToken, 'createTopology', { name: 'lab', document });
    expect(topology.status).toBe(200);

    const reader = await browserFor(browser, server, pageErrors);
    const page = reader.page;
    await page.goto(`/#/planner/${topology.body.id}`);
    await signInWithPassword(page, 'viewer', made.body.password);
    await expect(page.getByTestId('planner-read-only')).toContainText('You lack the permission topology:update');
    const canvas = page.getByTestId('planner-canvas');
    await expect(canvas).toHaveAttribute('data-read-only', 'true');
    const nodes = page.getByTestId('planner-node');
    await expect(nodes).toHaveCount(3);
    await expect(page.getByTestId('planner-wire')).toHaveCount(1);
    const vm = page.locator('[data-testid="planner-node"][data-node-id="vm"]');
    const net = page.locator('[data-testid="planner-node"][data-node-id="net"]');
    const box = async (locator: typeof vm) => {
      const found = await locator.boundingBox();
      if (!found) throw new Error('not visible');
      return found;
    };
    // Where the machine is on the canvas: from the network node, so panels opening (which pan the view) do not count.
    const offset = async () => {
      const [a, b] = [await box(vm), await box(net)];
      return { dx: Math.round(a.x - b.x), dy: Math.round(a.y - b.y) };
    };
    // The view settles after the load (zoom to fit), then the node is dragged with real pointer events.
    let before = await box(vm);
    await expect
      .poll(async () => {
        const now = await box(vm);
        const settled = now.x === before.x && now.y === before.y;
        before = now;
        return settled;
      })
      .toBe(true);
    const placed = await offset();
    expect(placed.dx).toBeGreaterThan(100);
    const grip = await box(vm.getByTestId('planner-node-label'));
    const from = { x: grip.x + 20, y: grip.y + 8 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 80, from.y + 60, { steps: 6 });
    await page.mouse.move(from.x + 160, from.y + 120, { steps: 6 });
    await page.mouse.up();
    // It did not move; the click selected it, and the inspector shows it read only.
    expect(await offset()).toEqual(placed);
    await expect(vm).toHaveAttribute('data-selected', 'true');
    await expect(page.getByTestId('inspector-read-only')).toHaveAttribute('title', 'You lack the permission topology:update');

    // Dragging from an output socket draws no wire; Delete removes nothing; the menu offers no edit.
    const socket = page.locator('[data-testid="planner-node"][data-node-id="net"]').getByTestId('node-output-socket').first();
    const start = await box(socket);
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + 10, before.y + before.height / 2, { steps: 8 });
    await expect(page.getByTestId('planner-wire-draft')).toHaveCount(0);
    await page.mouse.up();
    await vm.getByTestId('planner-node-label').click();
    await page.keyboard.press('Delete');
    await expect(nodes).toHaveCount(3);
    await expect(page.getByTestId('planner-wire')).toHaveCount(1);
    await vm.getByTestId('planner-node-label').click({ button: 'right' });
    const menu = page.getByTestId('planner-context-menu');
    await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toHaveAttribute('aria-disabled', 'true');
    await expect(menu.getByRole('menuitem', { name: /^Duplicate/ })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    expect(await offset()).toEqual(placed);

    // The view still zooms.
    before = await box(vm);
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => Math.round((await box(vm)).width)).not.toBe(Math.round(before.width));

    // The server has the topology as it was made.
    const stored = await callOverHttp<{ revision: number; document: typeof document }>(server.url, adminToken, 'getTopology', {
      id: topology.body.id,
    });
    expect(stored.body.revision).toBe(1);
    expect(stored.body.document.nodes.map((node) => node.position)).toEqual(document.nodes.map((node) => node.position));
    await reader.context.close();
  } finally {
    await stopSharedServer(server);
  }
});

test('nimbus serve connected to a shared server: a topology made in the local page lands on the server; disconnecting brings the local data back', async ({
  page,
  nimbus,
}) => {
  test.setTimeout(120_000);
  const server = await startSharedServer();
  try {
    await callApi(nimbus.url, 'createTopology', { name: 'local-design' });
    const serverUrl = new URL(server.url).origin;
    await page.goto('/#/settings');
    await expect(page.getByTestId('status-backend')).toHaveText(`Local · ${nimbus.dataDir}`);
    const section = page.getByTestId('server-section');
    await expect(section).toHaveAttribute('data-status', 'local');

    // A wrong password is refused by the server and changes nothing.
    await page.getByTestId('server-connect-url').fill(server.url);
    await page.getByTestId('server-connect-name').fill(server.admin.name);
    await page.getByTestId('server-connect-password').fill('not-the-password');
    await page.getByTestId('server-connect-password').press('Enter');
    await expect(page.getByTestId('server-connect-problem')).toHaveAttribute('data-code', 'invalid_credentials');
    await expect(page.getByTestId('server-connect-problem')).toHaveText('Wrong user name or password.');
    await expect(section).toHaveAttribute('data-status', 'local');

    await page.getByTestId('server-connect-password').fill(server.admin.password);
    await page.getByTestId('server-connect').click();
    await expect(section).toHaveAttribute('data-status', 'connected');
    await expect(page.getByTestId('server-url')).toHaveText(serverUrl);
    await expect(page.getByTestId('server-user')).toHaveText(`${server.admin.name} @ provider`);
    await expect(page.getByTestId('status-backend')).toHaveText(`Server · ${serverUrl}`);
    await expect(page.getByTestId('status-user')).toHaveText(`${server.admin.name} @ provider`);
    await expect(page.getByTestId('server-events')).toHaveText('Connected');
    // The page never sees the server's token.
    expect(await page.content()).not.toMatch(/nmb_s_/);

    // Every page works against the server: its planner is empty, and a new topology is made there.
    await page.getByTestId('nav-planner').click();
    await expect(page.getByTestId('planner-empty')).toBeVisible();
    await page.getByTestId('empty-new-topology').click();
    await page.getByTestId('prompt-input').fill('team-design');
    await page.getByTestId('prompt-confirm').click();
    await expect(page.getByTestId('topology-name')).toHaveText('team-design');
    const adminToken = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const onServer = await callOverHttp<{ name: string }[]>(server.url, adminToken, 'listTopologies');
    expect(onServer.body.map((topology) => topology.name)).toEqual(['team-design']);

    // Disconnect: the local data is back, untouched.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('server-disconnect').click();
    await page.getByTestId('confirm-accept').click();
    await expect(section).toHaveAttribute('data-status', 'local');
    await expect(page.getByTestId('status-backend')).toHaveText(`Local · ${nimbus.dataDir}`);
    await expect(page.getByTestId('status-user')).toHaveText('local-user @ default');
    const local = await callApi<{ name: string }[]>(nimbus.url, 'listTopologies', {});
    expect(local.map((topology) => topology.name)).toEqual(['local-design']);
    await page.getByTestId('nav-planner').click();
    await expect(page.getByTestId('topology-item')).toHaveText([/local-design/]);
  } finally {
    await stopSharedServer(server);
  }
  expect(sharedServerLeftovers(server)).toEqual([]);
});

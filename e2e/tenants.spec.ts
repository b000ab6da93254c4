import type { Browser, BrowserContext, Page } from '@playwright/test';
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

// Two tenants of one shared server, each in a browser of its own: neither sees the other's topologies,
// pools, deployments or components, in the page or through the API; what the provider shares, both see.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');

const PROGRAM = `import * as pulumi from '@pulumi/pulumi';\nexport const address = new pulumi.Config().require('ip');\n`;

/** A tenant component: a small local VM contract, published by the tenant's admin. */
const tenantComponent = (name: string) => ({
  name,
  provider: 'local',
  semanticType: 'VirtualMachine',
  content: {
    description: `A machine only ${name.split('-')[0]} may use.`,
    code: PROGRAM,
    inputSchema: { type: 'object', required: ['ip'], properties: { ip: { type: 'string', format: 'ipv4' } } },
    outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
  },
});

async function signedInPage(
  browser: Browser,
  server: SharedServerProcess,
  pageErrors: PageErrors,
  name: string,
  password: string,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  contexts.push(context);
  pageErrors.watch(context);
  const page = await context.newPage();
  await page.goto('/');
  await signInWithPassword(page, name, password);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  return page;
}

test('two tenants see only their own topologies, pools, deployments and components; a tenant admin publishes for its tenant alone', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  const server = await startSharedServer();
  const contexts: BrowserContext[] = [];
  try {
    const root = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const people: Record<string, { token: string; password: string }> = {};
    for (const tenant of ['red', 'blue']) {
      const made = await callOverHttp<{ id: string }>(server.url, root, 'createTenant', { name: tenant });
      expect(made.status).toBe(200);
      const user = await callOverHttp<{ password: string }>(server.url, root, 'createUser', {
        name: `${tenant}-admin`,
        tenant: made.body.id,
        role: 'tenant-admin',
      });
      expect(user.status).toBe(200);
      people[tenant] = { password: user.body.password, token: await signInOverHttp(server.url, `${tenant}-admin`, user.body.password) };
    }
    const red = people.red!;
    const blue = people.blue!;

    // Red's admin designs a topology, keeps an address pool and publishes a component for red.
    const topology = await callOverHttp<{ id: string }>(server.url, red.token, 'createTopology', { name: 'red-web' });
    expect(topology.status).toBe(200);
    expect((await callOverHttp(server.url, red.token, 'createComponent', tenantComponent('red-machine'))).status).toBe(200);
    expect((await callOverHttp(server.url, red.token, 'publishComponent', { name: 'red-machine', changelog: 'first' })).status).toBe(200);
    expect((await callOverHttp(server.url, blue.token, 'createTopology', { name: 'blue-db' })).status).toBe(200);

    // Red deploys a disk into its own sandbox (a pool, a landing zone and an environment of red's),
    // through the server's job queue and the real Pulumi CLI.
    const sandbox = await callOverHttp<{ pool: { name: string } }>(server.url, red.token, 'createLocalSandbox', {});
    expect(sandbox.status).toBe(200);
    const deploy = await callOverHttp<{ jobId: string }>(server.url, red.token, 'startDeployment', {
      environment: 'sandbox',
      name: 'red-store',
      document: {
        schemaVersion: 1,
        nodes: [{ id: 'disk', label: 'red-disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 1 } }],
        wires: [],
      },
    });
    expect(deploy.status).toBe(200);
    const jobStatus = async () =>
      (await callOverHttp<{ job: { status: string } }>(server.url, red.token, 'getJob', { id: deploy.body.jobId })).body.job.status;
    await expect.poll(jobStatus, { timeout: 150_000, intervals: [500] }).toBe('succeeded');
    const redDeployments = await callOverHttp<{ id: string }[]>(server.url, red.token, 'listDeployments', {});
    expect(redDeployments.body).toHaveLength(1);

    // In the page: each sees its own topology and component, not the other's; both see the provider's catalog.
    const redPage = await signedInPage(browser, server, pageErrors, 'red-admin', red.password, contexts);
    const bluePage = await signedInPage(browser, server, pageErrors, 'blue-admin', blue.password, contexts);
    await expect(redPage.getByTestId('status-user')).toHaveText('red-admin @ red');
    await expect(bluePage.getByTestId('status-user')).toHaveText('blue-admin @ blue');
    await expect(redPage.getByTestId('topology-list')).toContainText('red-web');
    await expect(redPage.getByTestId('topology-list')).not.toContainText('blue-db');
    await expect(bluePage.getByTestId('topology-list')).toContainText('blue-db');
    await expect(bluePage.getByTestId('topology-list')).not.toContainText('red-web');
    for (const page of [redPage, bluePage]) await page.getByTestId('nav-catalog').click();
    const card = (page: Page, name: string) => page.locator(`[data-testid="catalog-card"][data-name="${name}"]`);
    await expect(card(redPage, 'red-machine')).toBeVisible();
    await expect(card(redPage, 'local-vm')).toBeVisible();
    await expect(card(bluePage, 'local-vm')).toBeVisible();
    await expect(card(bluePage, 'red-machine')).toHaveCount(0);

    // Red's deployment is on red's Deployments page only.
    for (const page of [redPage, bluePage]) await page.goto('/#/deployments');
    await expect(redPage.getByTestId('deployment-list')).toHaveAttribute('data-count', '1');
    await expect(bluePage.getByTestId('deployments-empty')).toBeVisible();

    // Through the API: red's ids answer blue exactly as ids that do not exist.
    const redTopology = await callOverHttp(server.url, blue.token, 'getTopology', { id: topology.body.id });
    const nothing = await callOverHttp(server.url, blue.token, 'getTopology', { id: '00000000-0000-4000-8000-000000000000' });
    expect(redTopology.status).toBe(404);
    expect(redTopology.body.code).toBe(nothing.body.code);
    expect(await callOverHttp(server.url, blue.token, 'getComponent', { name: 'red-machine' })).toMatchObject({ status: 404 });
    const listed = await callOverHttp<unknown[]>(server.url, blue.token, 'listTopologies');
    expect(JSON.stringify(listed.body)).not.toContain('red-web');
    const deployment = redDeployments.body[0]!.id;
    expect(await callOverHttp(server.url, blue.token, 'getDeployment', { id: deployment })).toMatchObject({ status: 404 });
    expect((await callOverHttp<unknown[]>(server.url, blue.token, 'listDeployments', {})).body).toEqual([]);
    const bluePools = await callOverHttp<{ name: string }[]>(server.url, blue.token, 'listIpamPools', {});
    expect(bluePools.body.map((pool) => pool.name)).not.toContain(sandbox.body.pool.name);
    const redPools = await callOverHttp<{ name: string }[]>(server.url, red.token, 'listIpamPools', {});
    expect(redPools.body.map((pool) => pool.name)).toContain(sandbox.body.pool.name);
    // Names are per tenant: blue may keep a pool of the same name.
    expect(
      (await callOverHttp(server.url, blue.token, 'createIpamPool', { name: sandbox.body.pool.name, cidr: '10.77.0.0/16' })).status,
    ).toBe(200);
    // Blue cannot destroy red's deployment either.
    expect(
      await callOverHttp(server.url, blue.token, 'startTopologyDestroy', { environment: 'sandbox', topology: 'red-store' }),
    ).toMatchObject({
      status: 404,
    });
    // The provider's administrator can change the shared catalog; a tenant admin cannot.
    const local = await callOverHttp(server.url, red.token, 'updateComponentDraft', { name: 'local-vm', expectedRevision: 1, content: {} });
    expect([403, 404, 400]).toContain(local.status);
  } finally {
    // The pages close before their server stops, or they would log its going away.
    for (const context of contexts) await context.close();
    await stopSharedServer(server);
  }
  expect(sharedServerLeftovers(server)).toEqual([]);
});

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, startNimbusServer, stopNimbusServer, type NimbusServer, type PageErrors } from './fixtures.js';
import {
  callOverHttp,
  sharedServerLeftovers,
  signInOverHttp,
  startSharedServer,
  stopSharedServer,
  type SharedServerProcess,
} from './shared-server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** Two desktops signed in to one shared server, ready for a test of shared work. */
export interface TwoDesktops {
  server: SharedServerProcess;
  /** The server administrator's session token, for setting things up over HTTP. */
  admin: string;
  /** Ann's page: the test's own, on the fixture's desktop, which reaches the server directly. */
  ann: Page;
  /** Bob's page, on a desktop of its own that reaches the server through {@link proxy}. */
  bob: Page;
  bobDesktop: NimbusServer;
  /** Close it to take Bob's desktop offline, open it to bring it back. */
  proxy: TcpProxy;
}

/**
 * Runs `body` with two desktops (`nimbus serve`, each with its own data directory) signed in as `ann`
 * and `bob` (users created with `role`) to a shared server on PostgreSQL, after `prepare` set the
 * server up with the administrator's token; then stops everything and checks nothing is left running.
 */
export async function withTwoDesktops(
  fixtures: { page: Page; nimbus: NimbusServer; browser: Browser; pageErrors: PageErrors },
  options: { role: string; env: Record<string, string>; prepare?(server: SharedServerProcess, admin: string): Promise<void> },
  body: (desktops: TwoDesktops) => Promise<void>,
): Promise<void> {
  const server = await startSharedServer();
  const proxy = await startTcpProxy(server.url);
  const bobDesktop = await startNimbusServer(undefined, options.env);
  const contexts: BrowserContext[] = [];
  try {
    const admin = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const people: Record<string, string> = {};
    for (const name of ['ann', 'bob']) {
      const created = await callOverHttp<{ password: string }>(server.url, admin, 'createUser', { name, role: options.role });
      expect(created.status).toBe(200);
      people[name] = created.body.password;
    }
    await options.prepare?.(server, admin);
    // Ann's desktop reaches the server directly, Bob's through the proxy.
    await callApi(fixtures.nimbus.url, 'connectServer', { url: server.url, name: 'ann', password: people['ann'] });
    await callApi(bobDesktop.url, 'connectServer', { url: proxy.url, name: 'bob', password: people['bob'] });
    const bobContext = await fixtures.browser.newContext({ baseURL: bobDesktop.url, viewport: { width: 1500, height: 950 } });
    contexts.push(bobContext);
    fixtures.pageErrors.watch(bobContext);
    await bobContext.addCookies([{ name: `nimbus_session_${new URL(bobDesktop.url).port}`, value: bobDesktop.token, url: bobDesktop.url }]);
    await body({ server, admin, ann: fixtures.page, bob: await bobContext.newPage(), bobDesktop, proxy });
  } finally {
    for (const context of contexts) await context.close();
    await proxy.close().catch(() => undefined);
    await stopNimbusServer(bobDesktop);
    await stopSharedServer(server);
  }
  expect(sharedServerLeftovers(server)).toEqual([]);
}

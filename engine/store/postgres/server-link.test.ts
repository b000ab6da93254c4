import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCli } from '../../cli/capture-cli.js';
import { startSharedServer, type SharedServer } from '../../cli/server-start.js';
import type { DispatchResult } from '../../api/dispatcher.js';
import { SERVER_LINK_FILE } from '../../server-link/server-link.js';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import { createEngine } from '../../engine.js';
import { expectNothingLeft, takeResourceSnapshot } from '../../test-support/leak-check.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import type { JobEvent } from '../../api/schemas/jobs.js';
import { useTestDatabases } from './test-support/test-databases.js';

// The app's link to a shared server, end to end: a local engine (SQLite, as in the desktop and
// `nimbus serve`) connected to a real `server start` on PostgreSQL.

const databases = useTestDatabases();
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sharedServer(): Promise<{ server: SharedServer; url: string; adminPassword: string }> {
  const database = await databases.empty();
  cleanups.push(() => database.drop());
  const init = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme', '--admin', 'root']);
  const adminPassword = PASSWORD_LINE.exec(init.out)?.[2];
  expect(adminPassword).toBeTruthy();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-link-server-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const started = await startSharedServer({ database: database.url, dataDir, port: 0 }, { out: () => undefined, err: () => undefined }, {});
  let closed = false;
  const server = {
    ...started,
    close: async () => {
      if (!closed) await started.close();
      closed = true;
    },
  };
  cleanups.push(() => server.close());
  return { server, url: server.url.replace(/\/$/, ''), adminPassword: adminPassword! };
}

type Engine = Awaited<ReturnType<typeof createEngine>>;

/** A local engine as the desktop and `nimbus serve` make it, on `dataDir`. */
function localEngine(dataDir: string): Promise<Engine> {
  return createEngine({ dataDir, serverLink: true });
}

async function call<T = unknown>(engine: Engine, method: string, input: unknown = {}): Promise<T> {
  const outcome: DispatchResult = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  return outcome.result as T;
}

async function refusal(engine: Engine, method: string, input: unknown = {}): Promise<{ code: string; message: string }> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (outcome.ok) throw new Error(`${method} was not refused`);
  return outcome.error;
}

async function signIn(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** How many of the caller's sessions on the server have been ended. */
async function revokedSessions(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/listAccessTokens`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const tokens = (await response.json()) as { kind: string; revokedAt: string | null }[];
  return tokens.filter((entry) => entry.kind === 'session' && entry.revokedAt !== null).length;
}

describe('the link of a local engine to a shared server', () => {
  it('sends every call to the server while connected, keeps the token encrypted, and returns to the local data on disconnect', async () => {
    const { server, url, adminPassword } = await sharedServer();
    const before = takeResourceSnapshot();
    const temp = tempDir();
    cleanups.push(() => temp.remove());
    const dataDir = temp.dir;
    const engine = await localEngine(dataDir);
    let disposed = false;
    cleanups.push(() => (disposed ? undefined : engine.dispose()));
    await call(engine, 'createTopology', { name: 'local-only' });
    expect(await call(engine, 'getServerConnection')).toEqual({ status: 'local' });

    // A wrong password changes nothing.
    expect(await refusal(engine, 'connectServer', { url, name: 'root', password: 'wrong' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await call(engine, 'getServerConnection')).toEqual({ status: 'local' });

    const connected = await call(engine, 'connectServer', { url: `${url}/`, name: 'root', password: adminPassword });
    expect(connected).toMatchObject({ status: 'connected', url, user: 'root', tenant: 'acme' });
    expect(JSON.stringify(connected)).not.toMatch(/nmb_/);
    expect(await call(engine, 'whoAmI')).toMatchObject({ backend: 'server', user: { name: 'root' }, tenant: { name: 'acme' } });
    expect(await call(engine, 'getSystemInfo')).toMatchObject({ backend: { kind: 'server', url } });

    // A topology made through the local engine lands on the server; the local ones are not shown.
    await call(engine, 'createTopology', { name: 'on-the-server' });
    const stored = await runAsEngineWork('test', () => server.engine.store.topologies.list());
    expect(stored.map((topology) => topology.name)).toEqual(['on-the-server']);
    expect((await call<{ name: string }[]>(engine, 'listTopologies')).map((topology) => topology.name)).toEqual(['on-the-server']);

    // Job events of the server's jobs reach the engine's listeners (the page's WebSocket, the window).
    const heard: JobEvent[] = [];
    const stopListening = engine.onJobEvent((event) => heard.push(event));
    // The server's Pulumi self-check: started and cancelled through the link, heard through it.
    const { jobId } = await call<{ jobId: string }>(engine, 'startPulumiCheck');
    await until(
      () => heard.some((event) => event.jobId === jobId && event.type === 'job.started'),
      'the job on the server started, as its events told',
      { timeoutMs: 15_000 },
    );
    await call(engine, 'cancelJob', { id: jobId });
    await until(
      () => heard.some((event) => event.jobId === jobId && event.type === 'job.finished'),
      'the job on the server finished, as its events told',
      { timeoutMs: 60_000 },
    );
    stopListening();
    expect(await runAsEngineWork('test', () => server.engine.store.jobs.get(jobId))).toMatchObject({ id: jobId });

    // The record names the server; the token is only in the engine's encrypted secrets.
    const record = readFileSync(path.join(dataDir, SERVER_LINK_FILE), 'utf8');
    expect(JSON.parse(record)).toMatchObject({ url, user: 'root', tenant: 'acme', token: expect.stringMatching(/^secret:\/\//) });
    expect(record).not.toMatch(/nmb_/);
    const database = readFileSync(path.join(dataDir, 'nimbus.db'));
    expect(database.includes(Buffer.from('nmb_s_'))).toBe(false);

    // A restart stays connected.
    await engine.dispose();
    disposed = true;
    const restarted = await localEngine(dataDir);
    let restartedDisposed = false;
    cleanups.push(() => (restartedDisposed ? undefined : restarted.dispose()));
    expect(await call(restarted, 'getServerConnection')).toMatchObject({ status: 'connected', url, user: 'root' });
    expect((await call<{ name: string }[]>(restarted, 'listTopologies')).map((topology) => topology.name)).toEqual(['on-the-server']);

    // Disconnecting ends the session on the server and brings the local data back.
    const adminToken = await signIn(url, 'root', adminPassword);
    expect(await revokedSessions(url, adminToken)).toBe(0);
    expect(await call(restarted, 'disconnectServer')).toEqual({ status: 'local' });
    expect(await revokedSessions(url, adminToken)).toBe(1);
    expect((await call<{ name: string }[]>(restarted, 'listTopologies')).map((topology) => topology.name)).toEqual(['local-only']);
    expect(await call(restarted, 'getServerConnection')).toEqual({ status: 'local' });
    expect(() => readFileSync(path.join(dataDir, SERVER_LINK_FILE))).toThrow(/ENOENT/);

    // Nothing of the link outlives the engine (the server's own connections end with it).
    await restarted.dispose();
    restartedDisposed = true;
    await server.close();
    await expectNothingLeft(before, 'The local engine and its link');
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH } from '../../server/ws-protocol.js';
import { captureCli } from '../../cli/capture-cli.js';
import { startSharedServer, type SharedServer } from '../../cli/server-start.js';
import type { Io } from '../../cli/usage-error.js';
import { createPgPool } from './pg.js';
import { useTestDatabases } from './test-support/test-databases.js';
import { tcpProxy } from '../../test-support/tcp-proxy.js';

const databases = useTestDatabases();
// Everything the server logs, refusals included, is checked for secrets below.
process.env.NIMBUS_LOG_LEVEL = 'debug';
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

const quietIo = (): Io & { errors: string[] } => {
  const errors: string[] = [];
  return { out: () => undefined, err: (text) => void errors.push(text), errors };
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database with its administrator, and a server process on it. */
async function sharedServer(dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-server-'))): Promise<{
  server: SharedServer;
  databaseUrl: string;
  adminPassword: string;
  dataDir: string;
}> {
  const database = await databases.empty();
  cleanups.push(() => database.drop());
  const init = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme', '--admin', 'root']);
  const [, , adminPassword] = PASSWORD_LINE.exec(init.out) ?? [];
  expect(adminPassword).toBeTruthy();
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startSharedServer({ database: database.url, dataDir, port: 0 }, quietIo(), {});
  cleanups.push(() => server.close());
  return { server, databaseUrl: database.url, adminPassword: adminPassword!, dataDir };
}

async function signIn(url: string, name: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function call(url: string, token: string | undefined, method: string, input: unknown = {}) {
  const response = await fetch(new URL(`api/v1/${method}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown> & { code?: string },
  };
}

describe('nimbus server start', () => {
  it('serves only signed-in callers, each with the permissions of its roles', async () => {
    const { server, adminPassword, dataDir } = await sharedServer();
    expect((await fetch(new URL('healthz', server.url))).status).toBe(200);
    expect(await call(server.url, undefined, 'listTopologies')).toMatchObject({ status: 401, body: { code: 'unauthorized' } });

    expect(await signIn(server.url, 'root', 'wrong')).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    const admin = await signIn(server.url, 'root', adminPassword);
    expect(admin.status).toBe(200);
    const adminToken = admin.body.token as string;
    expect(adminToken).toMatch(/^nmb_s_/);
    const me = await call(server.url, adminToken, 'whoAmI');
    expect(me).toMatchObject({ status: 200, body: { backend: 'server', user: { name: 'root' }, tenant: { name: 'acme' } } });
    expect(me.body.permissions).toContain('tenant:manage');

    // A tenant, a read-only user in it, and what that user may and may not do.
    const tenant = await call(server.url, adminToken, 'createTenant', { name: 'blue' });
    expect(tenant.status).toBe(200);
    const made = await call(server.url, adminToken, 'createUser', { name: 'rita', tenant: tenant.body.id, role: 'read-only' });
    expect(made.status).toBe(200);
    const rita = await signIn(server.url, 'rita', made.body.password as string);
    const ritaToken = rita.body.token as string;
    expect(await call(server.url, ritaToken, 'listTopologies')).toMatchObject({ status: 200 });
    expect(await call(server.url, ritaToken, 'createTopology', { name: 'nope' })).toMatchObject({
      status: 403,
      body: { code: 'forbidden', details: { permission: 'topology:create' } },
    });
    expect(await call(server.url, ritaToken, 'listUsers')).toMatchObject({ status: 403 });
    // The tenant comes from the token alone: a tenant header, forged or not, changes nothing.
    const forged = await fetch(new URL('api/v1/whoAmI', server.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ritaToken}`,
        'x-nimbus-tenant': (me.body.tenant as { id: string }).id,
      },
      body: '{}',
    });
    expect(await forged.json()).toMatchObject({ tenant: { name: 'blue' }, permissions: expect.not.arrayContaining(['topology:create']) });

    // Signing out ends the session at once, for every client holding the token.
    const out = await fetch(new URL('api/v1/session', server.url), { method: 'DELETE', headers: { authorization: `Bearer ${ritaToken}` } });
    expect(out.status).toBe(204);
    expect(await call(server.url, ritaToken, 'listTopologies')).toMatchObject({ status: 401 });

    // A personal access token, narrowed, revoked.
    const pat = await call(server.url, adminToken, 'createAccessToken', { name: 'ci', permissions: ['topology:read'], expiresInDays: 7 });
    const patToken = pat.body.token as string;
    expect(await call(server.url, patToken, 'listTopologies')).toMatchObject({ status: 200 });
    expect(await call(server.url, patToken, 'createTopology', { name: 'x' })).toMatchObject({ status: 403 });
    await call(server.url, adminToken, 'revokeAccessToken', { id: (pat.body.view as { id: string }).id });
    expect(await call(server.url, patToken, 'listTopologies')).toMatchObject({ status: 401 });

    // Secrets never leave: no hash or token in what the API lists or the audit shows.
    const listed = JSON.stringify([
      await call(server.url, adminToken, 'listUsers'),
      await call(server.url, adminToken, 'listAccessTokens'),
    ]);
    expect(listed).not.toMatch(/scrypt|nmb_[sp]_/);
    const audit = JSON.stringify(await call(server.url, adminToken, 'listAuditEntries', {}));
    expect(audit).not.toContain(adminToken);
    expect(audit).not.toContain(made.body.password as string);
    // Nor in the server's log, whatever level it runs at.
    const metrics = await fetch(new URL('metrics', server.url), { headers: { authorization: `Bearer ${adminToken}` } });
    const log = [await metrics.text(), ...readLogs(dataDir)].join('\n');
    expect(log).toContain('refused');
    for (const secret of [adminPassword, adminToken, ritaToken, patToken, made.body.password as string]) expect(log).not.toContain(secret);
  });

  it('sends each WebSocket client only its own tenant’s job events, and ends a connection whose session ended', async () => {
    const { server, adminPassword } = await sharedServer();
    const root = (await signIn(server.url, 'root', adminPassword)).body.token as string;
    const tenant = await call(server.url, root, 'createTenant', { name: 'blue' });
    const made = await call(server.url, root, 'createUser', { name: 'bea', tenant: tenant.body.id, role: 'tenant-admin' });
    const bea = (await signIn(server.url, 'bea', made.body.password as string)).body.token as string;
    const rootSocket = await openSocket(server.url, root);
    const beaSocket = await openSocket(server.url, bea);
    cleanups.push(
      () => rootSocket.close(),
      () => beaSocket.close(),
    );

    // The provider's administrator starts a job (the Pulumi self-check) and cancels it at once.
    const started = await call(server.url, root, 'startPulumiCheck');
    const jobId = started.body.jobId as string;
    await call(server.url, root, 'cancelJob', { id: jobId });
    await expect
      .poll(() => rootSocket.events.filter((event) => event.jobId === jobId && event.type === 'job.finished').length, { timeout: 60_000 })
      .toBe(1);
    // The operator's metrics count the server's jobs by state and the queue's waiting ones; a tenant's admin may not read them.
    const metrics = async (token: string) => fetch(new URL('metrics', server.url), { headers: { authorization: `Bearer ${token}` } });
    await expect
      .poll(async () => (await (await metrics(root)).text()).match(/^nimbus_jobs\{state="cancelled"\} \d+$/m)?.[0])
      .toBe('nimbus_jobs{state="cancelled"} 1');
    expect(await (await metrics(root)).text()).toMatch(/^nimbus_job_queue_depth 0$/m);
    expect((await metrics(bea)).status).toBe(403);
    // Bea's connection is open and answers calls, yet heard nothing of the provider's job.
    expect(await beaSocket.call('listTopologies')).toMatchObject({ ok: true });
    expect(beaSocket.events).toEqual([]);

    // Bea signs out over HTTP: her open connection refuses the next call and closes.
    await fetch(new URL('api/v1/session', server.url), { method: 'DELETE', headers: { authorization: `Bearer ${bea}` } });
    expect(await beaSocket.call('listTopologies')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await expect.poll(() => beaSocket.closeCode).toBe(4401);
  });

  it('lets a second process on the same data directory serve the same sessions', async () => {
    const first = await sharedServer();
    const second = await startSharedServer({ database: first.databaseUrl, dataDir: first.dataDir, port: 0 }, quietIo(), {});
    cleanups.push(() => second.close());
    const token = (await signIn(first.server.url, 'root', first.adminPassword)).body.token as string;
    const created = await call(first.server.url, token, 'createTopology', { name: 'shared' });
    expect(created.status).toBe(200);
    const seen = await call(second.url, token, 'listTopologies');
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).toContain('shared');
  });

  it('refuses to start with a master key other than the one the database was set up with', async () => {
    const first = await sharedServer();
    const otherData = mkdtempSync(path.join(os.tmpdir(), 'nimbus-server-'));
    cleanups.push(() => rmSync(otherData, { recursive: true, force: true }));
    await expect(startSharedServer({ database: first.databaseUrl, dataDir: otherData, port: 0 }, quietIo(), {})).rejects.toMatchObject({
      code: 'secret_undecryptable',
      message: expect.stringContaining('same key'),
    });
    // The same key given as NIMBUS_MASTER_KEY works from any data directory.
    const key = (await import('node:fs')).readFileSync(path.join(first.dataDir, 'secret.key'), 'utf8').trim();
    const keyed = await startSharedServer({ database: first.databaseUrl, dataDir: otherData, port: 0 }, quietIo(), {
      NIMBUS_MASTER_KEY: key,
    });
    cleanups.push(() => keyed.close());
    expect((await fetch(new URL('healthz', keyed.url))).status).toBe(200);
  });

  it('answers 503 while its database is unreachable and recovers by itself when it is back', async () => {
    const { server: direct, databaseUrl, adminPassword, dataDir } = await sharedServer();
    await direct.close();
    const target = new URL(databaseUrl);
    const proxy = await tcpProxy(Number(target.port), target.hostname);
    cleanups.push(() => proxy.stop());
    const viaProxy = new URL(databaseUrl);
    viaProxy.port = String(proxy.port);
    const server = await startSharedServer({ database: viaProxy.toString(), dataDir, port: 0 }, quietIo(), {});
    cleanups.push(() => server.close());
    const token = (await signIn(server.url, 'root', adminPassword)).body.token as string;
    expect(await call(server.url, token, 'listTopologies')).toMatchObject({ status: 200 });

    await proxy.pause();
    expect((await fetch(new URL('healthz', server.url))).status).toBe(503);
    const during = await call(server.url, token, 'listTopologies');
    expect(during).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
    expect(during.retryAfter).toBe('5');
    expect(JSON.stringify(during.body)).not.toContain(adminPassword);

    await proxy.resume();
    expect((await fetch(new URL('healthz', server.url))).status).toBe(200);
    expect(await call(server.url, token, 'listTopologies')).toMatchObject({ status: 200 });
  });

  it('refuses a database a newer Nimbus migrated at once, saying so, without waiting for it', async () => {
    const database = await databases.migrated();
    cleanups.push(() => database.drop());
    const pool = createPgPool(database.url, { max: 1 });
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (9999, 'from-the-future')`);
    await pool.end();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-server-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const started = Date.now();
    const run = await captureCli(['server', 'start', '--database', database.url, '--port', '0', '--data', dataDir]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/schema version 9999.*migrated by a newer version: update Nimbus/s);
    expect(run.err).not.toMatch(/trying again/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('waits for a database that does not answer, then says which one and why', async () => {
    const io = quietIo();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-server-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(
      startSharedServer({ database: 'postgresql://nobody:x@127.0.0.1:1/nimbus', dataDir, port: 0, connectAttempts: 2 }, io, {}),
    ).rejects.toThrow(/cannot be reached/);
    expect(io.errors.join('')).toMatch(/trying again in 1 s \(attempt 2 of 2\)/);
  });
});

/** Every log file of a data directory, as text. */
function readLogs(dataDir: string): string[] {
  const logs = path.join(dataDir, 'logs');
  return existsSync(logs) ? readdirSync(logs).map((name) => readFileSync(path.join(logs, name), 'utf8')) : [];
}

/** A WebSocket client of the server as a script would open it (bearer header): its calls and the job events it hears. */
async function openSocket(url: string, token: string) {
  const socket = new WebSocket(new URL(WS_PATH, url.replace(/^http/, 'ws')), { headers: { authorization: `Bearer ${token}` } });
  const events: { jobId: string; type: string }[] = [];
  const waiting = new Map<number, (result: unknown) => void>();
  let closeCode: number | undefined;
  let next = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: number; event?: { jobId: string; type: string } };
    if (message.type === 'job-event') events.push(message.event!);
    else if (message.type === 'result') waiting.get(message.id!)?.(message);
  });
  socket.on('close', (code) => (closeCode = code));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    events,
    get closeCode() {
      return closeCode;
    },
    call: (method: string, input: unknown = {}) =>
      new Promise<unknown>((resolve) => {
        const id = (next += 1);
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, input }));
      }),
    close: () => socket.close(),
  };
}

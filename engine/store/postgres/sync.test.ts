/**
 * Offline sync end to end on real parts: a desktop's outbox in a real SQLite data directory, sending
 * through the real client to `nimbus server start` on real PostgreSQL; the server killed and started
 * again, the network cut and restored, a permission revoked and granted again. Effects are counted
 * on the server.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../api/authorization.js';
import { runInRequest } from '../../context/request-context.js';
import { inputHash } from '../../sync/idempotency-guard.js';
import { connectToServer, signIn, type ServerClient } from '../../remote/server-client.js';
import { SyncOutbox } from '../../sync/sync-outbox.js';
import { until } from '../../test-support/until.js';
import { openStore } from '../store.js';
import { createPgPool } from './pg.js';
import { useSharedServerSetup } from './test-support/shared-server-setup.js';

const { cleanups, temporaryDir, initialisedDatabase, inProcessServer, serverProcess, proxyTo, desktopEngine, withEnv } =
  useSharedServerSetup();

async function token(url: string, name: string, password: string): Promise<string> {
  return (await signIn(url, name, password)).token;
}

async function post(url: string, bearer: string, method: string, input: unknown, key?: string) {
  const response = await fetch(new URL(`api/v1/${method}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { code?: string } };
}

/** The desktop side: an outbox in a real SQLite data directory, sending through a real client. */
function desktop(url: string, bearer: string, policy = { baseMs: 50, capMs: 400, maxAttempts: 1000 }) {
  const store = openStore(temporaryDir('nimbus-desktop-'));
  const client: ServerClient = connectToServer({ url, token: bearer, timeoutMs: 5000 });
  const outbox = new SyncOutbox({ outbox: store.async.outbox, connection: () => ({ url, client }), policy });
  cleanups.push(async () => {
    await outbox.dispose();
    await client.dispose();
    store.close();
  });
  return { store, client, outbox };
}

const topologyNames = async (url: string, bearer: string) =>
  ((await post(url, bearer, 'listTopologies', {})).body as unknown as { name: string }[]).map((topology) => topology.name).sort();

describe('offline sync against a shared server on PostgreSQL', () => {
  it('runs a call once when many requests with one key arrive together, per actor, behind row-level security', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const root = await token(server.url, 'root', adminPassword);
    const made = await post(server.url, root, 'createUser', { name: 'ann', role: 'user' });
    const ann = await token(server.url, 'ann', made.body.password as string);

    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(server.url, root, 'createTopology', { name: 'web' }, key)));
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].every((status) => status === 200 || status === 409)).toBe(true);
    const ok = answers.filter((answer) => answer.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const answer of ok) expect(answer.body.id).toBe(ok[0]!.body.id);
    for (const answer of answers.filter((each) => each.status === 409)) expect(answer.body.code).toBe('request_in_progress');
    // Once it has finished, every repeat is the stored answer.
    expect(await post(server.url, root, 'createTopology', { name: 'web' }, key)).toMatchObject({
      status: 200,
      body: { id: ok[0]!.body.id },
    });
    expect(await topologyNames(server.url, root)).toEqual(['web']);

    // The same key from another user is that user's own key.
    expect(await post(server.url, ann, 'createTopology', { name: 'web' }, key)).toMatchObject({ status: 200 });
    expect(await topologyNames(server.url, root)).toEqual(['web', 'web']);
    expect(await post(server.url, ann, 'createTopology', { name: 'other' }, key)).toMatchObject({
      status: 422,
      body: { code: 'idempotency_key_reused' },
    });

    // A connection that set no tenant sees no key (row-level security, as on every tenant table).
    const raw = createPgPool(databaseUrl);
    cleanups.push(() => raw.end());
    expect((await raw.query('SELECT key FROM idempotency_keys')).rowCount).toBe(0);
    const flags = await raw.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'idempotency_keys'`,
    );
    expect(flags.rows).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });

  it('lets only the run holding a key commit: a run taken over after its lease changes nothing, a committed one never runs again', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const root = await token(server.url, 'root', adminPassword);
    const who = (await post(server.url, root, 'whoAmI', {})).body as {
      user: { id: string };
      tenant: { id: string };
      permissions: string[];
    };
    const caller = { id: who.user.id, tenant: who.tenant.id, permissions: new Set(who.permissions) } as Caller;
    const { engine } = server;
    const input = { name: 'web' };
    const claim = (key: string, claimToken: string, now = Date.now()) =>
      runInRequest({ requestId: 'test', actor: caller.id, tenant: caller.tenant, clientAddress: null }, () =>
        engine.store.idempotency.claim({
          actor: caller.id,
          key,
          method: 'createTopology',
          inputHash: inputHash('createTopology', input),
          now: new Date(now).toISOString(),
          claimedUntil: new Date(now + 60_000).toISOString(),
          token: claimToken,
        }),
      );
    const runAs = (key: string, claimToken: string) =>
      engine.dispatcher.dispatch('createTopology', input, { caller, idempotency: { actor: caller.id, key, token: claimToken } });

    const key = randomUUID();
    expect(await claim(key, 'first')).toEqual({ state: 'claimed' });
    expect(await claim(key, 'second', Date.now() + 61_000)).toEqual({ state: 'claimed' });
    expect(await runAs(key, 'first')).toMatchObject({ ok: false, error: { code: 'request_in_progress' } });
    expect(await topologyNames(server.url, root)).toEqual([]);
    expect(await runAs(key, 'second')).toMatchObject({ ok: true });
    expect(await topologyNames(server.url, root)).toEqual(['web']);

    const committed = randomUUID();
    expect(await claim(committed, 'only')).toEqual({ state: 'claimed' });
    expect(await runAs(committed, 'only')).toMatchObject({ ok: true });
    expect(await claim(committed, 'late', Date.now() + 61_000)).toEqual({ state: 'unknown' });
    expect(await post(server.url, root, 'createTopology', input, committed)).toMatchObject({ status: 409 });
    expect(await topologyNames(server.url, root)).toEqual(['web', 'web']);
  });

  it('drains through a server killed in the middle and started again: nothing lost, nothing applied twice', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const dataDir = temporaryDir('nimbus-server-');
    let running = await serverProcess(databaseUrl, dataDir, 0);
    const url = running.url;
    const port = Number(new URL(url).port);
    const root = await token(url, 'root', adminPassword);
    const { outbox } = desktop(url, root);

    const names = Array.from({ length: 40 }, (_, index) => `t${String(index).padStart(2, '0')}`);
    for (const name of names) await outbox.enqueue('createTopology', { name });
    await until(async () => (await outbox.status()).applied >= 8, 'some changes applied before the kill', { timeoutMs: 30_000 });
    // Killed while a change is on its way: the server may have received it, run it, or neither.
    await until(async () => (await outbox.list({ statuses: ['sending'] })).length === 1, 'a change being sent', { intervalMs: 1 });
    running.child.kill('SIGKILL');
    await new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
    await until(async () => (await outbox.status()).connection === 'offline', 'the outbox noticing the server is gone', {
      timeoutMs: 20_000,
    });
    const during = await outbox.status();
    expect(during.applied).toBeLessThan(names.length);

    running = await serverProcess(databaseUrl, dataDir, port);
    await until(async () => (await outbox.status()).waiting === 0, 'nothing left to send after the restart', { timeoutMs: 60_000 });
    // Each change exactly once on the server.
    expect(await topologyNames(url, root)).toEqual(names);
    // Each entry holds the server's answer for it. Only a kill in the instant between the change's
    // commit and the storing of its answer loses the answer: that entry says so, and is not run again.
    const entries = await outbox.list();
    const dead = entries.filter((entry) => entry.status === 'dead');
    expect(dead.length).toBeLessThanOrEqual(1);
    for (const entry of dead) expect(entry.lastError?.code).toBe('request_outcome_unknown');
    for (const entry of entries.filter((each) => each.status === 'applied'))
      expect((entry.answer as { name: string }).name).toBe((entry.input as { name: string }).name);
    expect(await outbox.status()).toMatchObject({ connection: 'online', waiting: 0, applied: names.length - dead.length });
  }, 120_000);

  it('waits while the network is cut and drains by itself once it is back', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const proxy = await proxyTo(Number(new URL(server.url).port));
    const viaProxy = `http://127.0.0.1:${proxy.port}/`;
    const root = await token(server.url, 'root', adminPassword);
    const { outbox } = desktop(viaProxy, root);

    await outbox.enqueue('createTopology', { name: 'before' });
    await until(async () => (await outbox.status()).applied === 1, 'the first change applied');
    await proxy.pause();
    for (const name of ['cut-1', 'cut-2', 'cut-3']) await outbox.enqueue('createTopology', { name });
    await until(async () => (await outbox.status()).connection === 'offline', 'the outbox noticing the network is gone');
    expect(await outbox.status()).toMatchObject({ waiting: 3, dead: 0, lastError: { code: 'server_unreachable' } });
    expect(await topologyNames(server.url, root)).toEqual(['before']);

    await proxy.resume();
    // Nobody says "sync now": the outbox finds the server again by itself.
    await until(async () => (await outbox.status()).applied === 4, 'the waiting changes applied once the network is back', {
      timeoutMs: 20_000,
    });
    expect(await topologyNames(server.url, root)).toEqual(['before', 'cut-1', 'cut-2', 'cut-3']);
    expect(await outbox.status()).toMatchObject({ connection: 'online', waiting: 0, dead: 0 });
  });

  it('makes a change refused for a revoked permission a dead letter, and applies it on retry once the grant is back', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const root = await token(server.url, 'root', adminPassword);
    const made = await post(server.url, root, 'createUser', { name: 'ann', role: 'user' });
    const ann = await token(server.url, 'ann', made.body.password as string);
    const { outbox } = desktop(server.url, ann);

    const bindings = (await post(server.url, root, 'listRoleBindings', {})).body as unknown as { id: string; principalId: string }[];
    const annId = (made.body.user as { id: string }).id;
    for (const binding of bindings.filter((each) => each.principalId === annId))
      expect(await post(server.url, root, 'revokeRoleBinding', { id: binding.id })).toMatchObject({ status: 200 });

    const entry = await outbox.enqueue('createTopology', { name: 'planned-offline' });
    await until(async () => (await outbox.get(entry.id)).status === 'dead', 'the refused change becoming a dead letter');
    expect(await outbox.get(entry.id)).toMatchObject({ attempts: 1, lastError: { code: 'forbidden' } });
    expect(await outbox.status()).toMatchObject({ dead: 1, waiting: 0 });
    expect(await topologyNames(server.url, root)).toEqual([]);

    expect(await post(server.url, root, 'grantRole', { role: 'user', user: 'ann' })).toMatchObject({ status: 200 });
    await outbox.retry(entry.id);
    await until(async () => (await outbox.get(entry.id)).status === 'applied', 'the retried change applied');
    expect(await topologyNames(server.url, root)).toEqual(['planned-offline']);
    // Sent with the same key both times: retried again, the server answers from what it stored.
    expect(await post(server.url, ann, 'createTopology', { name: 'planned-offline' }, entry.idempotencyKey)).toMatchObject({ status: 200 });
    expect(await topologyNames(server.url, root)).toEqual(['planned-offline']);
  });

  it('sends the desktop’s address allocations through its outbox: answered online, queued and sent later when the server is cut off', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const proxy = await proxyTo(Number(new URL(server.url).port));
    const root = await token(server.url, 'root', adminPassword);
    expect(await post(server.url, root, 'createIpamPool', { name: 'lab', cidr: '10.9.0.0/24' })).toMatchObject({ status: 200 });
    withEnv({ NIMBUS_SYNC_BASE_MS: '50', NIMBUS_SYNC_CAP_MS: '400' });
    const engine = await desktopEngine();
    const call = (method: string, input: unknown = {}) => engine.dispatcher.dispatch(method, input);
    expect(await call('connectServer', { url: `http://127.0.0.1:${proxy.port}/`, name: 'root', password: adminPassword })).toMatchObject({
      ok: true,
    });

    const online = await call('allocateIp', { pool: 'lab', owner: 'vm-1' });
    expect(online).toMatchObject({ ok: true, result: { owner: 'vm-1', value: expect.stringMatching(/^10\.9\.0\./) } });
    const listed = (await call('listOutbox')) as { result: { method: string; status: string; answer: unknown }[] };
    const [sent] = listed.result;
    expect(sent).toMatchObject({ method: 'allocateIp', status: 'applied', answer: (online as { result: unknown }).result });

    // A refusal comes back as the server's error, and the change is a dead letter to retry or discard.
    expect(await call('allocateIp', { pool: 'no-such-pool', owner: 'vm-x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { outboxEntry: expect.any(String) } },
    });

    await proxy.pause();
    const queued = await call('allocateIp', { pool: 'lab', owner: 'vm-2' });
    expect(queued).toMatchObject({ ok: false, error: { code: 'change_queued', details: { outboxEntry: expect.any(String) } } });
    expect(await call('syncStatus')).toMatchObject({ ok: true, result: { connection: 'offline', waiting: 1, dead: 1 } });
    await proxy.resume();
    await until(
      async () => ((await call('syncStatus')) as { result: { waiting: number } }).result.waiting === 0,
      'the queued allocation sent once the server is reachable',
      { timeoutMs: 20_000 },
    );
    const allocations = (await post(server.url, root, 'listIpamAllocations', { pool: 'lab' })).body as unknown as { owner: string }[];
    expect(allocations.map((allocation) => allocation.owner).sort()).toEqual(['vm-1', 'vm-2']);
  }, 60_000);

  it('refuses a deploy while the server cannot be reached, saying nothing started, and starts one queued for it once the server is back', async () => {
    const { url: databaseUrl, adminPassword } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const proxy = await proxyTo(Number(new URL(server.url).port));
    const root = await token(server.url, 'root', adminPassword);
    expect(await post(server.url, root, 'createLandingZone', { name: 'zone', provider: 'local' })).toMatchObject({ status: 200 });
    expect(await post(server.url, root, 'createEnvironment', { name: 'dev', landingZone: 'zone' })).toMatchObject({ status: 200 });
    withEnv({ NIMBUS_SYNC_CAP_MS: '400' });
    const engine = await desktopEngine();
    const call = (method: string, input: unknown = {}) => engine.dispatcher.dispatch(method, input);
    expect(await call('connectServer', { url: `http://127.0.0.1:${proxy.port}/`, name: 'root', password: adminPassword })).toMatchObject({
      ok: true,
    });

    await proxy.pause();
    const refused = await call('startTopologyDestroy', { environment: 'dev', topology: 'old-lab' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'server_unreachable', details: { method: 'startTopologyDestroy', queueable: true } },
    });
    expect((refused as { error: { message: string } }).error.message).toMatch(/Nothing was started, and your designs stay on this desktop/);
    // A read is no work of the server's to queue: it keeps its own error.
    expect(await call('listJobs')).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    expect(((await call('listJobs')) as { error: { details: Record<string, unknown> } }).error.details.queueable).toBeUndefined();
    // Asked to, the desktop keeps it for the server; only work the server does can wait there.
    const queued = await call('queueForServer', { method: 'startTopologyDestroy', input: { environment: 'dev', topology: 'old-lab' } });
    expect(queued).toMatchObject({ ok: true, result: { method: 'startTopologyDestroy', status: 'waiting' } });
    expect(await call('queueForServer', { method: 'listJobs', input: {} })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('queueForServer', { method: 'startTopologyDestroy', input: { environment: 3 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });

    await proxy.resume();
    const id = (queued as { result: { id: string } }).result.id;
    await until(
      async () =>
        ((await call('listOutbox')) as { result: { id: string; status: string }[] }).result.find((e) => e.id === id)?.status === 'applied',
      'the queued destroy is sent once the server is reachable',
      { timeoutMs: 20_000 },
    );
    const jobs = (await post(server.url, root, 'listJobs', {})).body as unknown as { kind: string }[];
    expect(jobs.filter((job) => job.kind === 'deploy.destroy')).toHaveLength(1);
  }, 60_000);
});

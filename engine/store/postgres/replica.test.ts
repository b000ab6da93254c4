/**
 * The desktop's replica of the shared server, end to end on real parts: a local engine (SQLite, as
 * the desktop and `nimbus serve` make it) linked to `server start` on PostgreSQL through a TCP proxy
 * the test cuts and restores. The replica fills itself, answers reads while the server cannot be
 * reached, keeps each user's and tenant's answers apart, refreshes when the server is back, drops
 * what the server no longer has, and holds a lease per environment for offline planning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../api/schemas/sync.js';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { Engine } from '../../engine.js';
import { until } from '../../test-support/until.js';
import { callEngine as call, useSharedServerSetup } from './test-support/shared-server-setup.js';

const { cleanups, temporaryDir, initialisedDatabase, inProcessServer, proxyTo, desktopEngine } = useSharedServerSetup();

// Walks paced for a test, not for a shared server's rate limit.
const pace = process.env.NIMBUS_REPLICA_PACE_MS;
beforeAll(() => {
  process.env.NIMBUS_REPLICA_PACE_MS = '10';
});
afterAll(() => {
  if (pace === undefined) delete process.env.NIMBUS_REPLICA_PACE_MS;
  else process.env.NIMBUS_REPLICA_PACE_MS = pace;
});

/** A shared server on a fresh database, reached through a proxy the test can cut. */
async function sharedServer() {
  const { url: databaseUrl, adminPassword } = await initialisedDatabase();
  const server = await inProcessServer(databaseUrl, 'nimbus-replica-server-');
  const proxy = await proxyTo(Number(new URL(server.url).port));
  return { server, proxy, url: `http://127.0.0.1:${proxy.port}`, adminPassword };
}

let engineCleanup: () => Promise<void> | void;

async function desktop(dataDir = temporaryDir('nimbus-replica-desktop-')): Promise<Engine> {
  const engine = await desktopEngine(dataDir);
  engineCleanup = cleanups.at(-1)!;
  return engine;
}

async function refusal(engine: Engine, method: string, input: unknown = {}) {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (outcome.ok) throw new Error(`${method} was answered: ${JSON.stringify(outcome.result).slice(0, 200)}`);
  return outcome.error;
}

async function signInDirect(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function post(url: string, token: string, method: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${url}/api/v1/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body;
}

const NODE = (id: string) => ({ id, label: id, component: 'local-vm@1', position: { x: 0, y: 0 } });

/** Every read of the walk that the test compares online and offline. */
const READS: [string, unknown][] = [
  ['whoAmI', {}],
  ['getSystemInfo', {}],
  ['getSemanticCatalog', {}],
  ['listComponents', {}],
  ['getComponent', { name: 'local-vm' }],
  ['getComponentVersion', { name: 'local-vm', version: 1 }],
  ['listStacks', {}],
  ['listLandingZones', {}],
  ['listEnvironments', {}],
  ['listIpamPools', {}],
  ['listIpamAllocations', { pool: 'lab' }],
  ['getGovernancePolicy', {}],
  ['listTopologies', {}],
  ['listDeployedTopologies', {}],
  ['listDeployments', {}],
  ['listCmdbItems', {}],
  ['listDriftRecords', {}],
  ['listStackInstances', {}],
  ['listJobs', {}],
];

describe('the desktop replica of a shared server', () => {
  it('fills itself, answers reads offline, keeps users and tenants apart, refreshes when back, and holds a lease per environment', async () => {
    const { server, proxy, url, adminPassword } = await sharedServer();
    const engine = await desktop();
    await call(engine, 'connectServer', { url, name: 'root', password: adminPassword });

    // The server's data, made through the link as the app would.
    const pool = await call<{ id: string }>(engine, 'createIpamPool', { name: 'lab', cidr: '10.71.0.0/24' });
    await call(engine, 'createLandingZone', {
      name: 'zone',
      provider: 'local',
      resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
    });
    await call(engine, 'createEnvironment', { name: 'dev', landingZone: 'zone' });
    await call(engine, 'createEnvironment', { name: 'test', landingZone: 'zone' });
    const web = await call<{ id: string }>(engine, 'createTopology', {
      name: 'web',
      document: { schemaVersion: 1, nodes: [NODE('vm-1')], wires: [] },
    });
    const old = await call<{ id: string }>(engine, 'createTopology', { name: 'old' });
    const beta = await call<{ id: string; name: string }>(engine, 'createTenant', { name: 'beta' });
    const bob = await call<{ password: string }>(engine, 'createUser', { name: 'bob', tenant: beta.id, role: 'read-only' });

    // The app opens a pool by its id: that answer is kept through every update, as the pool still exists.
    await call(engine, 'allocateIp', { pool: pool.id, owner: 'build-agent' });
    const allocationsOnline = await call(engine, 'listIpamAllocations', { pool: pool.id });

    // syncNow brings the replica up to date and shows it.
    const synced = await call<SyncStatus>(engine, 'syncNow');
    expect(synced.replica).toMatchObject({ syncedAt: expect.any(String), lastError: null, topologies: 2 });
    expect(synced.replica!.records).toBeGreaterThan(READS.length);

    // A lease per environment, granted to this data directory's client id, with names for the topologies' component.
    const clientId = engine.replica!.clientId;
    expect(clientId).toMatch(/^desktop-[0-9a-f]+$/);
    expect(synced.replica!.leases).toEqual({ held: 2, environments: 2, note: null });
    const onServer = await runAsEngineWork('test', () => server.engine.store.leases.list({ client: clientId, live: true }));
    expect(onServer.map((lease) => lease.environment).sort()).toEqual(['dev', 'test']);
    const kept = await engine.replica!.leases('dev');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.addresses[0]!.values).toHaveLength(16);
    expect(kept[0]!.names).toHaveLength(8);
    // A second update keeps the leases it has (they have days left) rather than asking again.
    await call(engine, 'syncNow');
    expect(await runAsEngineWork('test', () => server.engine.store.leases.list({ client: clientId, live: true }))).toHaveLength(2);

    // The reader offline planning uses: typed answers of the current session.
    expect((await engine.replica!.answer('listEnvironments', {}))?.map((environment) => environment.name).sort()).toEqual(['dev', 'test']);
    expect(await engine.replica!.answer('getTopology', { id: web.id })).toMatchObject({ name: 'web' });

    const online = new Map<string, unknown>();
    for (const [method, input] of READS) online.set(method, await call(engine, method, input));
    const webOnline = await call(engine, 'getTopology', { id: web.id });

    // The network goes: every read answers from the replica, as the server answered it.
    await proxy.pause();
    for (const [method, input] of READS) expect(await call(engine, method, input), method).toEqual(online.get(method));
    expect(await call(engine, 'getTopology', { id: web.id })).toEqual(webOnline);
    expect(await call(engine, 'listIpamAllocations', { pool: pool.id })).toEqual(allocationsOnline);
    // A filtered catalog nobody asked for online is answered from the kept catalog.
    const localOnly = await call<{ provider: string }[]>(engine, 'listComponents', { provider: 'local' });
    expect(localOnly.length).toBeGreaterThan(0);
    expect(localOnly.every((component) => component.provider === 'local')).toBe(true);
    // What was never kept says so, with the code the app knows.
    const missing = await refusal(engine, 'getComponentVersion', { name: 'local-vm', version: 99 });
    expect(missing.code).toBe('server_unreachable');
    expect(missing.message).toMatch(/not in this desktop's replica yet/);
    // Changes to what the server decides are not made up offline (topologies have offline documents of their own).
    expect((await refusal(engine, 'createLandingZone', { name: 'offline', provider: 'local' })).code).toBe('server_unreachable');
    const offlineStatus = await call<SyncStatus>(engine, 'syncStatus');
    expect(offlineStatus.connection).toBe('offline');
    expect(offlineStatus.replica?.records).toBeGreaterThan(READS.length);

    // Meanwhile on the server: a topology is added, another deleted.
    const direct = server.url.replace(/\/$/, '');
    const rootToken = await signInDirect(direct, 'root', adminPassword);
    const added = (await post(direct, rootToken, 'createTopology', { name: 'added' })) as { id: string };
    await post(direct, rootToken, 'deleteTopology', { id: old.id });

    // The network is back: the next answer brings the replica up to date by itself.
    const before = (await call<SyncStatus>(engine, 'syncStatus')).replica!.syncedAt;
    await proxy.resume();
    await call(engine, 'whoAmI');
    await until(
      async () => {
        return (await engine.replica!.answer('listTopologies', {}))?.some((topology) => topology.name === 'added') ?? false;
      },
      'the replica was refreshed after the server answered again',
      { timeoutMs: 30_000 },
    );
    await until(async () => (await call<SyncStatus>(engine, 'syncStatus')).replica?.syncedAt !== before, 'the refresh finished', {
      timeoutMs: 30_000,
    });
    await proxy.pause();
    expect(await call(engine, 'getTopology', { id: added.id })).toMatchObject({ name: 'added' });
    // The deleted topology's kept answer is gone with it.
    expect((await refusal(engine, 'getTopology', { id: old.id })).message).toMatch(/not in this desktop's replica yet/);
    expect((await call<SyncStatus>(engine, 'syncStatus')).replica?.topologies).toBe(2);
    await proxy.resume();

    // Another user in another tenant on the same data directory: their own replica, never root's.
    await call(engine, 'disconnectServer');
    await call(engine, 'connectServer', { url, name: 'bob', password: bob.password });
    const bobStatus = await call<SyncStatus>(engine, 'syncNow');
    expect(bobStatus.replica).toMatchObject({ topologies: 0, lastError: null });
    // A read-only user holds no leases; the status says why, nothing fails.
    expect(bobStatus.replica!.leases).toMatchObject({ held: 0, note: expect.stringMatching(/lacks the sync:lease:manage permission/) });
    await proxy.pause();
    expect(await call(engine, 'listTopologies')).toEqual([]);
    expect(await call(engine, 'whoAmI')).toMatchObject({ user: { name: 'bob' }, tenant: { id: beta.id } });
    expect((await refusal(engine, 'getTopology', { id: web.id })).code).toBe('server_unreachable');
    await proxy.resume();
  }, 180_000);

  it('updates by itself when a session opens and when the server is back, and shows what it kept after a restart offline', async () => {
    const { proxy, url, adminPassword } = await sharedServer();
    const previous = process.env.NIMBUS_REPLICA_PROBE_MS;
    process.env.NIMBUS_REPLICA_PROBE_MS = '200';
    cleanups.push(() => {
      if (previous === undefined) delete process.env.NIMBUS_REPLICA_PROBE_MS;
      else process.env.NIMBUS_REPLICA_PROBE_MS = previous;
    });
    const dataDir = temporaryDir('nimbus-replica-desktop-');
    const engine = await desktop(dataDir);
    await call(engine, 'connectServer', { url, name: 'root', password: adminPassword });
    await call(engine, 'createTopology', { name: 'kept' });
    // The first update starts by itself when the session opens.
    await until(async () => (await call<SyncStatus>(engine, 'syncStatus')).replica?.syncedAt != null, 'the first update ran', {
      timeoutMs: 60_000,
    });
    const first = (await call<SyncStatus>(engine, 'syncNow')).replica!;
    expect(first.lastError).toBeNull();
    // No environment yet: no lease, and nothing to note.
    expect(first.leases).toEqual({ held: 0, environments: 0, note: null });

    await proxy.pause();
    // An update while away records the failure, never throws it at the user.
    const away = await call<SyncStatus>(engine, 'syncNow');
    expect(away.replica?.lastError?.code).toBe('server_unreachable');
    expect(away.replica?.syncedAt).toBe(first.syncedAt);
    const kept = await call<{ name: string }[]>(engine, 'listTopologies');
    expect(kept.map((topology) => topology.name)).toEqual(['kept']);
    // A restart while the server is away still shows what was kept.
    await engine.dispose();
    cleanups.splice(cleanups.indexOf(engineCleanup), 1);
    const restarted = await desktop(dataDir);
    expect(await call(restarted, 'listTopologies')).toEqual(kept);
    expect((await call<SyncStatus>(restarted, 'syncStatus')).replica).toMatchObject({ syncedAt: first.syncedAt, topologies: 1 });
    await proxy.resume();
    // Nobody does anything: the replica notices the server is back and updates.
    await until(
      async () => {
        const replica = (await call<SyncStatus>(restarted, 'syncStatus')).replica;
        return replica?.lastError === null && replica.syncedAt !== first.syncedAt;
      },
      'the replica updated by itself once the server answered',
      { timeoutMs: 30_000 },
    );
  }, 120_000);
});

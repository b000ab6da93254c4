/**
 * Planning offline end to end on real parts: desktops (local engines on SQLite data directories, as
 * the app makes them) connected through a TCP proxy the test cuts, to a real shared server on
 * PostgreSQL that grants them leases; they plan with the network cut, then the network comes back and
 * what they drew is confirmed (or refused) on the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../api/schemas/topology.js';
import type { ProvisionalValue } from '../../api/schemas/sync.js';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { Engine } from '../../engine.js';
import type { TopologyResolution } from '../../planning/resolve-topology.js';
import { CLIENT_ID_FILE as DESKTOP_CLIENT_FILE } from '../../sync/replica/replica-client-id.js';
import { nodeOwner, UNSAVED_TOPOLOGY } from '../../sync/offline-planner.js';
import { createPgPool } from './pg.js';
import { callEngine as call, useSharedServerSetup } from './test-support/shared-server-setup.js';

const { cleanups, temporaryDir, initialisedDatabase, inProcessServer, proxyTo, desktopEngine, withEnv } = useSharedServerSetup();

async function refusal(engine: Engine, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (outcome.ok) throw new Error(`${method} was not refused`);
  return outcome.error;
}

/** A shared server on a fresh database, reached directly and through a proxy the test can cut. */
async function sharedServer() {
  const { url: databaseUrl, adminPassword: password } = await initialisedDatabase();
  const server = await inProcessServer(databaseUrl, 'nimbus-plan-server-');
  const proxy = await proxyTo(Number(new URL(server.url).port));
  return { server, proxy, password, databaseUrl, proxied: `http://127.0.0.1:${proxy.port}` };
}

/** A desktop (a local engine with the server link, as the app makes it) signed in to `url` as root. */
async function desktop(url: string, password: string): Promise<{ engine: Engine; client: string }> {
  const dataDir = temporaryDir('nimbus-plan-desktop-');
  const engine = await desktopEngine(dataDir);
  await call(engine, 'connectServer', { url, name: 'root', password });
  return { engine, client: readFileSync(path.join(dataDir, DESKTOP_CLIENT_FILE), 'utf8').trim() };
}

async function setUpEnvironments(engine: Engine): Promise<void> {
  await call(engine, 'createIpamPool', { name: 'lab', cidr: '10.70.0.0/24' });
  await call(engine, 'createLandingZone', {
    name: 'zone',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await call(engine, 'createEnvironment', { name: 'staging', landingZone: 'zone' });
  await call(engine, 'createEnvironment', { name: 'prod', landingZone: 'zone' });
}

/** Machines with the given node ids (each needs an address and a name). */
const machines = (...ids: string[]): TopologyDocument => ({
  schemaVersion: 1,
  nodes: ids.map((id, index) => ({
    id,
    label: id.toUpperCase(),
    component: 'local-vm@1',
    position: { x: index * 100, y: 0 },
    params: { network_id: 'net-lab' },
  })),
  wires: [],
});

const plan = (engine: Engine, document: TopologyDocument, environment = 'staging') =>
  call<TopologyResolution>(engine, 'planTopology', { document, environment });

/** The address and name of each node of a plan. */
const drawnValues = (resolution: TopologyResolution) =>
  resolution.nodes.map((node) => ({ node: node.nodeId, address: node.values.ip_address?.value, name: node.values.name?.value }));

/** A lease for the desktop, then a plan made online, so the desktop keeps what it needs to plan offline. */
async function prepare(engine: Engine, client: string, lease: { addresses: number; names: number }): Promise<void> {
  await call(engine, 'grantLease', {
    environment: 'staging',
    client,
    addresses: lease.addresses,
    names: [{ component: 'local-vm@1', count: lease.names }],
    // More than a day left: the desktop's lease policy keeps it rather than asking for a fresh one.
    hours: 30,
  });
  const online = await plan(engine, machines('warm-up'));
  expect(online.nodes[0]!.values.ip_address?.provisional).toBeUndefined();
  await engine.offlinePlanning!.idle();
}

/** The methods each call reaching `server` asks for, in order, from now on. */
function countCalls(server: { engine: Engine }): string[] {
  const reached: string[] = [];
  const dispatcher = server.engine.dispatcher;
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  dispatcher.dispatch = (method, input, context) => {
    reached.push(String(method));
    return dispatch(method, input, context);
  };
  return reached;
}

describe('planning offline from leases', () => {
  it('plans online with no call to the server beyond the plan, reading what offline planning needs from the replica', async () => {
    withEnv({ NIMBUS_REPLICA_PACE_MS: '1' });
    const { server, proxy, password, proxied } = await sharedServer();
    const ann = await desktop(proxied, password);
    await setUpEnvironments(ann.engine);
    // The replica's walk keeps environments, pools, components and a lease per environment; the first
    // plan of a component adds its names to the lease.
    await call(ann.engine, 'syncNow');
    await plan(ann.engine, machines('warm-up'));
    await ann.engine.offlinePlanning!.idle();

    const reached = countCalls(server);
    for (const nodes of [['a1'], ['a1', 'a2'], ['b1']]) {
      const online = await plan(ann.engine, machines(...nodes));
      expect(online.valid).toBe(true);
      await ann.engine.offlinePlanning!.idle();
    }
    expect(reached).toEqual(['planTopology', 'planTopology', 'planTopology']);

    // What the replica keeps is enough to plan offline.
    await proxy.pause();
    const offline = await plan(ann.engine, machines('a1', 'a2'));
    expect(offline.valid).toBe(true);
    for (const node of offline.nodes) expect(node.values.ip_address?.provisional).toMatchObject({ lease: expect.any(String) });
  });

  it('gives back what nodes and topologies that are gone drew: locally, and on the server once confirmed', async () => {
    withEnv({ NIMBUS_REPLICA_PACE_MS: '1' });
    const { server, proxy, password, proxied } = await sharedServer();
    const ann = await desktop(proxied, password);
    await setUpEnvironments(ann.engine);
    const web = await call<{ id: string }>(ann.engine, 'createTopology', { name: 'web', document: machines('a1', 'a2') });
    const old = await call<{ id: string }>(ann.engine, 'createTopology', { name: 'old', document: machines('o1') });
    await prepare(ann.engine, ann.client, { addresses: 4, names: 4 });

    await proxy.pause();
    const planned = drawnValues(
      await call(ann.engine, 'planTopology', { id: web.id, document: machines('a1', 'a2'), environment: 'staging' }),
    );
    const gone = drawnValues(await call(ann.engine, 'planTopology', { id: old.id, environment: 'staging' }))[0]!;
    await proxy.resume();
    await call(ann.engine, 'listTopologies');
    await ann.engine.offlinePlanning!.idle();
    const statuses = async () =>
      (await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', {}))
        .map((value) => `${value.label} ${value.field} ${value.status}`)
        .sort();
    expect(await statuses()).toEqual(
      ['A1 ip_address', 'A1 name', 'A2 ip_address', 'A2 name', 'O1 ip_address', 'O1 name'].map((value) => `${value} confirmed`),
    );
    const heldOnServer = (owner: string) =>
      runAsEngineWork('test', async () => ({
        address: (await server.engine.store.ipam.liveByOwner(owner)).map((allocation) => allocation.value),
        name: (await server.engine.store.naming.byOwner(owner)).map((name) => name.name),
      }));
    const a2 = planned.find((value) => value.node === 'a2')!;
    expect(await heldOnServer(nodeOwner(web.id, 'a2'))).toEqual({ address: [a2.address], name: [a2.name] });

    // a2 deleted and the topology planned online: its values are given back (a name has no way back on the server).
    await call(ann.engine, 'planTopology', { id: web.id, document: machines('a1'), environment: 'staging' });
    await ann.engine.offlinePlanning!.idle();
    expect(await statuses()).toEqual(['A1 ip_address confirmed', 'A1 name confirmed', 'O1 ip_address confirmed', 'O1 name confirmed']);
    expect(await heldOnServer(nodeOwner(web.id, 'a2'))).toEqual({ address: [], name: [a2.name] });
    expect((await heldOnServer(nodeOwner(web.id, 'a1'))).address).toHaveLength(1);

    // A topology deleted on the server: its values go at the next sync.
    await call(ann.engine, 'deleteTopology', { id: old.id });
    await call(ann.engine, 'syncNow');
    await ann.engine.offlinePlanning!.idle();
    expect(await statuses()).toEqual(['A1 ip_address confirmed', 'A1 name confirmed']);
    expect(await heldOnServer(nodeOwner(old.id, 'o1'))).toEqual({ address: [], name: [gone.name] });
  });

  it('lets two desktops plan offline with every value resolved from their leases, and confirms them all on sync without a duplicate', async () => {
    const { server, proxy, password, proxied } = await sharedServer();
    const ann = await desktop(proxied, password);
    const bob = await desktop(proxied, password);
    await setUpEnvironments(ann.engine);
    await prepare(ann.engine, ann.client, { addresses: 4, names: 4 });
    await prepare(bob.engine, bob.client, { addresses: 3, names: 3 });

    await proxy.pause();
    expect(await refusal(ann.engine, 'listTopologies', {})).toMatchObject({ code: 'server_unreachable' });

    // Every value resolved, the drawn ones provisional and saying so.
    const first = await plan(ann.engine, machines('a1', 'a2'));
    expect(first).toMatchObject({ mode: 'preview', environment: 'staging', valid: true });
    for (const node of first.nodes) {
      expect(node.status).toBe('valid');
      expect(node.values.image).toMatchObject({ value: 'local/debian-12', source: 'resolver' });
      for (const field of ['ip_address', 'name']) {
        expect(node.values[field]).toMatchObject({
          source: 'resolver',
          provisional: { lease: expect.any(String), expiresAt: expect.any(String) },
        });
        expect(node.values[field]!.detail).toMatch(/lease.*provisional until the server confirms it/);
      }
    }
    // The same node keeps its values across plans; new nodes, in this topology or another, draw the next ones.
    const [second, other] = await Promise.all([plan(ann.engine, machines('a1', 'a2', 'a3')), plan(ann.engine, machines('c1'))]);
    expect(drawnValues(second).slice(0, 2)).toEqual(drawnValues(first));
    expect(second.valid && other.valid).toBe(true);
    // A used-up lease says so on the node that needs more.
    const fourth = await plan(ann.engine, machines('a1', 'a2', 'a3', 'a4'));
    const a4 = fourth.nodes.find((node) => node.nodeId === 'a4')!;
    expect(a4.status).toBe('invalid');
    expect(a4.issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining([
        'the lease for staging has no addresses left in pool lab: connect to the server to plan this node',
        expect.stringMatching(/^the lease for staging has no names left like staging-local-vm-#: connect to the server to plan this node$/),
      ]),
    );
    expect(drawnValues(fourth).slice(0, 3)).toEqual(drawnValues(second));

    const bobs = await plan(bob.engine, machines('b1', 'b2'));
    expect(bobs.valid).toBe(true);

    // Hostile: an environment this desktop holds no lease for, an unknown one, a malformed request.
    const prod = await plan(bob.engine, machines('p1'), 'prod');
    expect(prod.nodes[0]!.issues.map((issue) => issue.message)).toContain(
      'this desktop holds no lease for prod: connect to the server to plan this node',
    );
    expect(await refusal(bob.engine, 'planTopology', { document: machines('x'), environment: 'nowhere' })).toMatchObject({
      code: 'not_found',
      message: 'Environment "nowhere" does not exist',
    });
    expect(await refusal(bob.engine, 'planTopology', { environment: 'staging' })).toMatchObject({ code: 'invalid_input' });

    const offlineAnn = [...drawnValues(second), ...drawnValues(other)];
    const offlineBob = drawnValues(bobs);
    const addresses = [...offlineAnn, ...offlineBob].map((value) => value.address);
    const names = [...offlineAnn, ...offlineBob].map((value) => value.name);
    expect(new Set(addresses).size).toBe(6);
    expect(new Set(names).size).toBe(6);
    expect(addresses.every((address) => typeof address === 'string' && address.startsWith('10.70.0.'))).toBe(true);
    expect((await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', {})).map((value) => value.status)).toEqual(
      Array(8).fill('provisional'),
    );

    // Back online: the first answer confirms everything drawn.
    await proxy.resume();
    for (const { engine } of [ann, bob]) {
      await call(engine, 'listTopologies');
      await engine.offlinePlanning!.idle();
    }
    const annValues = await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', {});
    const bobValues = await call<ProvisionalValue[]>(bob.engine, 'listProvisionalValues', {});
    expect(annValues).toHaveLength(8);
    expect(await call<unknown[]>(ann.engine, 'listProvisionalValues', { limit: 2 })).toHaveLength(2);
    expect(await refusal(ann.engine, 'listProvisionalValues', { limit: 0 })).toMatchObject({ code: 'invalid_input' });
    expect(await refusal(ann.engine, 'listProvisionalValues', { status: ['lost'] })).toMatchObject({ code: 'invalid_input' });
    expect(bobValues).toHaveLength(4);
    for (const value of [...annValues, ...bobValues])
      expect(value).toMatchObject({ status: 'confirmed', outcome: 'confirmed', reason: null });

    // On the server each value is its node's, and no value has two holders.
    const held = await runAsEngineWork('test', async () => {
      const found: { owner: string; address: string[]; name: string[] }[] = [];
      for (const value of [...offlineAnn, ...offlineBob]) {
        const owner = nodeOwner(UNSAVED_TOPOLOGY, value.node);
        found.push({
          owner,
          address: (await server.engine.store.ipam.liveByOwner(owner)).map((allocation) => allocation.value),
          name: (await server.engine.store.naming.byOwner(owner)).map((name) => name.name),
        });
      }
      return found;
    });
    expect(held.map((entry) => ({ address: entry.address, name: entry.name }))).toEqual(
      [...offlineAnn, ...offlineBob].map((value) => ({ address: [value.address], name: [value.name] })),
    );

    // A plan made online again shows the confirmed values as the node's, no longer provisional.
    await proxy.pause();
    const after = await plan(ann.engine, machines('a1'));
    expect(after.nodes[0]!.values.ip_address).toMatchObject({ value: offlineAnn[0]!.address });
    expect(after.nodes[0]!.values.ip_address!.provisional).toBeUndefined();
    expect(after.nodes[0]!.values.ip_address!.detail).toMatch(/confirmed by the server/);
  });

  it('re-resolves a value whose lease expired and was taken, and says which value changed and why', async () => {
    const { server, proxy, password, proxied, databaseUrl } = await sharedServer();
    const ann = await desktop(proxied, password);
    const bob = await desktop(server.url, password);
    await setUpEnvironments(ann.engine);
    await prepare(ann.engine, ann.client, { addresses: 2, names: 2 });

    await proxy.pause();
    const offline = drawnValues(await plan(ann.engine, machines('a1')))[0]!;
    expect(offline.address).toMatch(/^10\.70\.0\./);

    // Ann's lease runs out while she is away, and Bob's new lease takes what it held.
    const raw = createPgPool(databaseUrl);
    cleanups.push(() => raw.end());
    const sql = await raw.connect();
    try {
      await sql.query('BEGIN');
      await sql.query(`SELECT set_config('nimbus.engine_work', 'on', true)`);
      await sql.query('UPDATE leases SET expires_at = $1 WHERE client = $2', [new Date(Date.now() - 60_000).toISOString(), ann.client]);
      await sql.query('COMMIT');
    } finally {
      sql.release();
    }
    const bobs = await call<{ addresses: { values: string[] }[]; names: { name: string }[] }>(bob.engine, 'grantLease', {
      environment: 'staging',
      client: bob.client,
      addresses: 2,
      names: [{ component: 'local-vm@1', count: 2 }],
    });
    expect(bobs.addresses[0]!.values).toContain(offline.address);
    expect(bobs.names.map((name) => name.name)).toContain(offline.name);

    await proxy.resume();
    await call(ann.engine, 'listTopologies');
    await ann.engine.offlinePlanning!.idle();
    const report = await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', { status: ['refused'] });
    expect(report).toHaveLength(2);
    expect(report.find((value) => value.kind === 'address')).toMatchObject({
      label: 'A1',
      field: 'ip_address',
      value: offline.address,
      outcome: 'refused',
      reason: `${offline.address} is in use by something else now`,
    });
    expect(report.find((value) => value.kind === 'name')).toMatchObject({
      field: 'name',
      value: offline.name,
      outcome: 'refused',
      reason: 'the lease expired; the name was given back',
    });

    // Offline again before the desktop heard of the new lease: a refused value is never drawn again (the
    // other value its old lease held is tried, and refused in turn once the server answers).
    await proxy.pause();
    const stale = drawnValues(await plan(ann.engine, machines('a1')))[0]!;
    expect(stale.address).not.toBe(offline.address);
    expect(stale.name).not.toBe(offline.name);
    await proxy.resume();
    await call(ann.engine, 'listTopologies');
    await ann.engine.offlinePlanning!.idle();
    expect(await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', { status: ['refused'] })).toHaveLength(4);

    // Resolved again: online the server gives the node other values; offline it draws from a new lease.
    const online = drawnValues(await plan(ann.engine, machines('a1')))[0]!;
    expect(online.address).not.toBe(offline.address);
    expect(online.name).not.toBe(offline.name);
    await ann.engine.offlinePlanning!.idle();
    await proxy.pause();
    const again = drawnValues(await plan(ann.engine, machines('a1')))[0]!;
    expect(again.address).not.toBe(offline.address);
    const replaced = await call<ProvisionalValue[]>(ann.engine, 'listProvisionalValues', { status: ['refused'] });
    expect(replaced).toHaveLength(4);
    expect(new Set(replaced.map((value) => value.replacedBy))).toEqual(new Set([again.address, again.name]));
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../common/method-names.js';
import { canonicalJson } from '../files/canonical-json.js';
import { createEngine, type Engine } from '../engine.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { LeaseService, type LeaseView } from './lease-service.js';
import type { OfflineSource } from './offline-source.js';
import { OfflinePlanner, UNSAVED_TOPOLOGY } from './offline-planner.js';

// The offline planner over real answers: a real engine (standing in for the server) answers the reads
// and grants a real lease; the desktop's draws are kept in a real SQLite data directory.

const SESSION = { url: 'https://nimbus.example.test', user: 'ann', tenant: 'local' };
const CLIENT = 'laptop-ann';

let server: Engine;
let serverDir: ReturnType<typeof tempDir>;
let desktopDir: ReturnType<typeof tempDir>;
let desktop: Store;
let keeper: AnswerKeeper;

/** The server's last answers, in memory: what the desktop's replica keeps, for this unit. */
class AnswerKeeper implements OfflineSource {
  private readonly answers = new Map<string, unknown>();

  keep(method: MethodName, input: unknown, answer: unknown): void {
    this.answers.set(`${method} ${canonicalJson(input ?? {})}`, structuredClone(answer));
  }

  answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined> {
    const kept = this.answers.get(`${method} ${canonicalJson(input ?? {})}`);
    return Promise.resolve(kept === undefined ? undefined : (structuredClone(kept) as MethodOutput<M>));
  }
}

async function answer(method: MethodName, input: unknown): Promise<unknown> {
  const outcome = await server.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  keeper.keep(method, input, outcome.result);
  return outcome.result;
}

/** What a desktop keeps after planning online in `environment`: the reads planning needs, and its lease. */
async function keepAnswers(lease: LeaseView | null): Promise<void> {
  for (const method of ['listEnvironments', 'getGovernancePolicy', 'listIpamPools'] as const) await answer(method, {});
  for (const name of ['local-vm', 'local-network']) {
    await answer('getComponent', { name });
    await answer('getComponentVersion', { name, version: 1 });
  }
  keeper.keep('listLeases', { client: CLIENT, live: true }, lease ? [lease] : []);
}

const machines = (...ids: string[]): TopologyDocument => ({
  schemaVersion: 1,
  nodes: ids.map((id, index) => ({
    id,
    label: id.toUpperCase(),
    component: 'local-vm@1',
    position: { x: index * 10, y: 0 },
    params: { network_id: 'net-lab' },
  })),
  wires: [],
});

const planner = (now?: () => Date) =>
  new OfflinePlanner({
    source: keeper,
    draws: desktop.async.leaseDraws,
    images: server.services.images,
    client: CLIENT,
    ...(now ? { now } : {}),
  });

beforeEach(async () => {
  serverDir = tempDir();
  desktopDir = tempDir();
  server = await createEngine({ dataDir: serverDir.dir, secretKey: () => 'ab'.repeat(32) });
  desktop = openStore(desktopDir.dir);
  keeper = new AnswerKeeper();
  await answer('createIpamPool', { name: 'lab', cidr: '10.80.0.0/24' });
  await answer('createLandingZone', {
    name: 'zone',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await answer('createEnvironment', { name: 'staging', landingZone: 'zone' });
});

afterEach(async () => {
  desktop.close();
  await server.dispose();
  desktopDir.remove();
  serverDir.remove();
});

const grant = (addresses: number, names: number): Promise<LeaseView> =>
  new LeaseService(server.store, (environment, components) => server.deploy.resolutionInputsFor(environment, components)).grant({
    environment: 'staging',
    client: CLIENT,
    addresses,
    names: [{ component: 'local-vm@1', count: names }],
    hours: 1,
  });

describe('the offline planner', () => {
  it('never draws one value twice, however many plans run at once, and keeps each node its values', async () => {
    await keepAnswers(await grant(6, 6));
    // One planner, as the app has: its plans run one at a time.
    const shared = planner();
    const plans = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => shared.plan(SESSION, { document: machines(id), environment: 'staging' })),
    );
    const values = plans.map((plan) => [plan.nodes[0]!.values.ip_address!.value, plan.nodes[0]!.values.name!.value]);
    expect(plans.every((plan) => plan.valid)).toBe(true);
    expect(new Set(values.map(([address]) => address)).size).toBe(6);
    expect(new Set(values.map(([, name]) => name)).size).toBe(6);
    const again = await planner().plan(SESSION, { document: machines('c'), environment: 'staging' });
    expect([again.nodes[0]!.values.ip_address!.value, again.nodes[0]!.values.name!.value]).toEqual(values[2]);
    expect(await desktop.async.leaseDraws.list()).toHaveLength(12);
    expect(new Set((await desktop.async.leaseDraws.list()).map((draw) => draw.topology))).toEqual(new Set([UNSAVED_TOPOLOGY]));
  });

  it('says plainly on the node what it cannot draw offline: an expired lease, a subnet, a used-up lease, no lease', async () => {
    const lease = await grant(1, 1);
    await keepAnswers(lease);
    const later = () => new Date(Date.parse(lease.expiresAt) + 1000);
    const expired = await planner(later).plan(SESSION, { document: machines('a'), environment: 'staging' });
    expect(expired.nodes[0]!.issues.map((issue) => issue.message)).toContain(
      `the lease for staging expired at ${lease.expiresAt}: connect to the server to plan this node`,
    );

    const network: TopologyDocument = {
      schemaVersion: 1,
      nodes: [{ id: 'net', label: 'Net', component: 'local-network@1', position: { x: 0, y: 0 } }],
      wires: [],
    };
    const subnet = await planner().plan(SESSION, { document: network, environment: 'staging' });
    expect(subnet.nodes[0]!.issues.map((issue) => issue.message)).toContain(
      'subnets are handed out by the server only (a lease holds addresses): connect to the server to plan this node',
    );

    const used = await planner().plan(SESSION, { document: machines('a', 'b'), environment: 'staging' });
    expect(used.nodes[0]!.status).toBe('valid');
    expect(used.nodes[1]!.issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining(['the lease for staging has no addresses left in pool lab: connect to the server to plan this node']),
    );
    // Nothing is drawn for a node that failed, and nothing twice.
    expect((await desktop.async.leaseDraws.list()).map((draw) => draw.node)).toEqual(['a', 'a']);

    keeper.keep('listLeases', { client: CLIENT, live: true }, []);
    const none = await planner().plan(SESSION, { document: machines('z'), environment: 'staging' });
    expect(none.nodes[0]!.issues.map((issue) => issue.message)).toContain(
      'this desktop holds no lease for staging: connect to the server to plan this node',
    );
    await expect(planner().plan(SESSION, { document: machines('z'), environment: 'nowhere' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      planner().plan({ ...SESSION, tenant: 'other' }, { document: machines('z'), environment: 'staging' }),
    ).resolves.toBeDefined();
  });

  it('gives back what a node deleted from a saved topology drew, for the next node to draw, and keeps unsaved documents apart', async () => {
    await keepAnswers(await grant(3, 3));
    const first = await planner().plan(SESSION, { id: 'web', document: machines('a1', 'a2'), environment: 'staging' });
    const a2 = first.nodes.find((node) => node.nodeId === 'a2')!;
    // An unsaved document shares one topology id with every other: planning another says nothing of its nodes.
    const loose = await planner().plan(SESSION, { document: machines('u1'), environment: 'staging' });
    expect(loose.valid).toBe(true);
    expect((await planner().plan(SESSION, { document: machines('u2'), environment: 'staging' })).valid).toBe(false);

    // a2 deleted: its draws go, and a3 draws what it held (the lease holds three addresses, all drawn before).
    const second = await planner().plan(SESSION, { id: 'web', document: machines('a1', 'a3'), environment: 'staging' });
    const a3 = second.nodes.find((node) => node.nodeId === 'a3')!;
    expect(second.valid).toBe(true);
    expect([a3.values.ip_address!.value, a3.values.name!.value]).toEqual([a2.values.ip_address!.value, a2.values.name!.value]);
    const nodes = (await desktop.async.leaseDraws.list()).map((draw) => `${draw.topology}/${draw.node}`);
    expect(nodes.sort()).toEqual(['unsaved/u1', 'unsaved/u1', 'web/a1', 'web/a1', 'web/a3', 'web/a3']);
  });

  it('refuses to plan what this desktop keeps nothing of', async () => {
    await expect(planner().plan(SESSION, { document: machines('a'), environment: 'staging' })).rejects.toMatchObject({
      code: 'offline_unavailable',
    });
    await keepAnswers(await grant(1, 1));
    await expect(planner().plan(SESSION, { id: 'some-topology', environment: 'staging' })).rejects.toMatchObject({
      code: 'offline_unavailable',
      message: 'topology some-topology is not kept on this desktop: connect to the server to plan it',
    });
    const unknown = await planner().plan(SESSION, {
      document: { ...machines('a'), nodes: [{ ...machines('a').nodes[0]!, component: 'local-dns@1' }] },
      environment: 'staging',
    });
    expect(unknown.nodes[0]!.issues.map((issue) => issue.message)).toContain(
      'component local-dns@1 is not kept on this desktop: connect to the server to plan this node',
    );
  });
});

/**
 * Shared topologies edited on desktops, end to end on real parts: desktops are real engines with
 * their own data directories, connected through their own cuttable TCP proxy to `nimbus server
 * start` on real PostgreSQL. They edit offline, come back in different orders, hear each other live,
 * and keep their edits across a server killed mid-sync.
 */
import { describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../api/dispatcher.js';
import type { Topology, TopologyDocument, TopologyNode } from '../../api/schemas/topology.js';
import type { TopologyEventNotice } from '../../api/schemas/topology-documents.js';
import type { Engine } from '../../engine.js';
import { signIn } from '../../remote/server-client.js';
import type { TcpProxy } from '../../test-support/tcp-proxy.js';
import { until } from '../../test-support/until.js';
import { useSharedServerSetup } from './test-support/shared-server-setup.js';

const setup = useSharedServerSetup();
const { temporaryDir, inProcessServer, serverProcess, proxyTo, desktopEngine } = setup;

/** Short sync pauses for the desktops made in the test. */
function quickRetries(): void {
  // The replica's walk (which every syncNow waits for) unpaced, and the server's rate limit lifted for it.
  setup.withEnv({
    NIMBUS_SYNC_BASE_MS: '50',
    NIMBUS_SYNC_CAP_MS: '300',
    NIMBUS_REPLICA_PACE_MS: '1',
    NIMBUS_RATE_LIMIT: '100000/100000',
  });
}

/** A fresh database with its administrator (`root`), and users `ann` and `bob` who may edit topologies. */
async function initialisedDatabase(): Promise<{ url: string; passwords: Record<string, string> }> {
  const { url, adminPassword } = await setup.initialisedDatabase();
  return { url, passwords: { root: adminPassword } };
}

async function addUsers(serverUrl: string, passwords: Record<string, string>, names: string[], role = 'user'): Promise<void> {
  const root = (await signIn(serverUrl, 'root', passwords.root!)).token;
  for (const name of names) {
    const response = await fetch(new URL('api/v1/createUser', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${root}` },
      body: JSON.stringify({ name, role }),
    });
    const body = (await response.json()) as { password: string };
    expect(response.status).toBe(200);
    passwords[name] = body.password;
  }
}

/** A desktop: a real engine on its own data directory, signed in to the server through its own proxy. */
interface Desktop {
  name: string;
  engine: Engine;
  proxy: TcpProxy;
  notices: TopologyEventNotice[];
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  answer(method: string, input?: unknown): Promise<DispatchResult>;
}

async function desktop(name: string, serverPort: number, password: string): Promise<Desktop> {
  const proxy = await proxyTo(serverPort);
  const dataDir = temporaryDir(`nimbus-desktop-${name}-`);
  const made = await openDesktop(name, dataDir, proxy);
  await made.call('connectServer', { url: `http://127.0.0.1:${proxy.port}/`, name, password });
  return made;
}

/** An engine on a desktop's data directory (a restart opens it again, and the saved session with it). */
async function openDesktop(name: string, dataDir: string, proxy: TcpProxy): Promise<Desktop> {
  const engine = await desktopEngine(dataDir);
  const notices: TopologyEventNotice[] = [];
  engine.topologyEvents.onEvent((event) => {
    if (event.tenant === engine.owner.tenant) notices.push(event.notice);
  });
  const answer = (method: string, input: unknown = {}) => engine.dispatcher.dispatch(method, input);
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const result = await answer(method, input);
    if (!result.ok) throw new Error(`${name}: ${method} failed: ${result.error.code}: ${result.error.message}`);
    return result.result as T;
  };
  return { name, engine, proxy, notices, call, answer };
}

const node = (id: string, x: number, params?: Record<string, unknown>): TopologyNode => ({
  id,
  label: id,
  component: id.startsWith('net') ? 'proxmox-network@2' : 'proxmox-vm@3',
  position: { x, y: 100 },
  ...(params ? { params } : {}),
});

const base = (): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [node('net', 0), node('net2', 0), node('web', 300, { cores: 2 }), node('db', 600, { cores: 4 }), node('cache', 900, { cores: 1 })],
  wires: [
    { id: 'w-web-net', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } },
    { id: 'w-db-net', source: { node: 'net', port: 'network_id' }, target: { node: 'db', port: 'network_id' } },
    { id: 'w-cache-net', source: { node: 'net', port: 'network_id' }, target: { node: 'cache', port: 'network_id' } },
  ],
});

const byId = (doc: TopologyDocument, id: string) => doc.nodes.find((candidate) => candidate.id === id)!;

/** Reads a topology on a desktop, changes it as the planner would, and saves it. */
async function edit(on: Desktop, id: string, change: (doc: TopologyDocument) => void): Promise<Topology> {
  const topology = await on.call<Topology>('getTopology', { id });
  change(topology.document);
  return on.call<Topology>('saveTopology', { id, expectedRevision: topology.revision, document: topology.document });
}

/** A topology as the server itself answers it. */
async function serverTopology(serverUrl: string, password: string, id: string): Promise<Topology> {
  const token = (await signIn(serverUrl, 'root', password)).token;
  const response = await fetch(new URL('api/v1/getTopology', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Topology;
}

const documentsWaiting = async (on: Desktop) => (await on.call<{ documentsWaiting?: number }>('syncStatus')).documentsWaiting;

describe('shared topologies on desktops, against a shared server on PostgreSQL', () => {
  it('merges offline edits of three desktops, whatever order they come back in: identical documents, every edit, the same-field edits as conflicts', async () => {
    quickRetries();
    const { url: databaseUrl, passwords } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    await addUsers(server.url, passwords, ['ann', 'bob']);
    const port = Number(new URL(server.url).port);
    const desktops = [
      await desktop('root', port, passwords.root!),
      await desktop('ann', port, passwords.ann!),
      await desktop('bob', port, passwords.bob!),
    ];
    const [first, second, third] = desktops as [Desktop, Desktop, Desktop];

    // Every order the three can come back in.
    for (const order of [
      [first, second, third],
      [first, third, second],
      [second, first, third],
      [second, third, first],
      [third, first, second],
      [third, second, first],
    ]) {
      const made = await first.call<Topology>('createTopology', {
        name: `lab ${order.map((each) => each.name).join('-')}`,
        document: base(),
      });
      for (const each of desktops) await each.call('getTopology', { id: made.id });
      for (const each of desktops) await each.proxy.pause();

      await edit(first, made.id, (doc) => {
        byId(doc, 'web').position = { x: 333, y: 144 }; // move
        byId(doc, 'web').label = 'web (root)'; // the same field as ann
        doc.nodes.push(node('queue', 1200, { cores: 2 })); // add
        doc.wires.push({ id: 'w-queue-net', source: { node: 'net', port: 'network_id' }, target: { node: 'queue', port: 'network_id' } });
      });
      await edit(second, made.id, (doc) => {
        byId(doc, 'web').label = 'web (ann)';
        doc.nodes = doc.nodes.filter((each) => each.id !== 'cache'); // delete
        doc.wires = doc.wires.filter((wire) => wire.id !== 'w-cache-net');
      });
      await edit(third, made.id, (doc) => {
        byId(doc, 'db').params = { cores: 16 }; // edit a parameter
        doc.wires.find((wire) => wire.id === 'w-db-net')!.source = { node: 'net2', port: 'network_id' }; // rewire
      });
      for (const each of desktops) expect(await documentsWaiting(each)).toBe(1);

      for (const each of order) {
        await each.proxy.resume();
        await each.call('syncNow');
        expect(await documentsWaiting(each)).toBe(0);
      }
      // Each pulls what the ones after it sent.
      for (const each of desktops) await each.call('syncNow');

      const documents = await Promise.all(desktops.map((each) => each.call<Topology>('getTopology', { id: made.id })));
      for (const doc of documents) expect(doc.document).toEqual(documents[0]!.document);
      const merged = documents[0]!.document;
      expect(merged.nodes.map((each) => each.id).sort()).toEqual(['db', 'net', 'net2', 'queue', 'web']);
      expect(byId(merged, 'web').position).toEqual({ x: 333, y: 144 });
      expect(['web (root)', 'web (ann)']).toContain(byId(merged, 'web').label);
      expect(byId(merged, 'db').params).toEqual({ cores: 16 });
      expect(merged.wires.find((wire) => wire.id === 'w-db-net')!.source).toEqual({ node: 'net2', port: 'network_id' });
      expect(merged.wires.map((wire) => wire.id).sort()).toEqual(['w-db-net', 'w-queue-net', 'w-web-net']);
      // The server holds the same.
      expect((await serverTopology(server.url, passwords.root!, made.id)).document).toEqual(merged);
      for (const each of desktops) await each.proxy.pause();
      for (const each of desktops) {
        const { conflicts } = await each.call<{
          conflicts: { id: string; field?: string; values: { value: unknown; userName: string | null }[] }[];
        }>('listTopologyConflicts', { id: made.id });
        expect(conflicts.map((conflict) => `${conflict.id}.${conflict.field}`)).toEqual(['web.label']);
        expect(conflicts[0]!.values.map((value) => value.value).sort()).toEqual(['web (ann)', 'web (root)']);
        expect(conflicts[0]!.values.every((value) => value.userName !== null)).toBe(true);
      }
      for (const each of desktops) await each.proxy.resume();
    }
  }, 180_000);

  it('creates a topology made offline on the server, with its id, and the other desktops open it', async () => {
    quickRetries();
    const { url: databaseUrl, passwords } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    await addUsers(server.url, passwords, ['ann']);
    const port = Number(new URL(server.url).port);
    const root = await desktop('root', port, passwords.root!);
    const ann = await desktop('ann', port, passwords.ann!);

    await root.proxy.pause();
    const made = await root.call<Topology>('createTopology', { name: 'made offline', document: base() });
    await edit(root, made.id, (doc) => {
      byId(doc, 'web').params = { cores: 6 };
    });
    expect((await root.call<{ id: string }[]>('listTopologies')).map((each) => each.id)).toContain(made.id);
    expect(await documentsWaiting(root)).toBe(1);
    expect(await ann.answer('getTopology', { id: made.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    await root.proxy.resume();
    await until(async () => (await documentsWaiting(root)) === 0, 'the offline topology created on the server', { timeoutMs: 20_000 });
    const there = await ann.call<Topology>('getTopology', { id: made.id });
    expect(there.name).toBe('made offline');
    expect(byId(there.document, 'web').params).toEqual({ cores: 6 });
    expect(there.document.nodes).toHaveLength(5);
    // Both edit on from the one document: their edits merge (no node twice).
    await edit(ann, made.id, (doc) => {
      byId(doc, 'db').label = 'database';
    });
    await root.call('syncNow');
    const back = await root.call<Topology>('getTopology', { id: made.id });
    expect(back.document.nodes).toHaveLength(5);
    expect(byId(back.document, 'db').label).toBe('database');
  }, 120_000);

  it('shows an edit made on one online desktop on another within a second, as a notice with who made it and a merged document', async () => {
    quickRetries();
    const { url: databaseUrl, passwords } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    await addUsers(server.url, passwords, ['ann']);
    await addUsers(server.url, passwords, ['carol'], 'read-only');
    const port = Number(new URL(server.url).port);
    const root = await desktop('root', port, passwords.root!);
    const ann = await desktop('ann', port, passwords.ann!);
    const carol = await desktop('carol', port, passwords.carol!);
    const made = await root.call<Topology>('createTopology', { name: 'live', document: base() });
    await ann.call('getTopology', { id: made.id });
    await carol.call('getTopology', { id: made.id });
    // The event connection is up before the edit (it opens with the session).
    await until(() => (ann.engine.link?.status() as { events?: string }).events === 'open', 'ann hears the server', { timeoutMs: 10_000 });

    for (const round of [1, 2, 3]) {
      const started = performance.now();
      await edit(root, made.id, (doc) => {
        byId(doc, 'web').position = { x: 300 + round * 10, y: 100 };
      });
      await until(
        () => ann.notices.some((notice) => notice.type === 'topology.changed' && notice.topologyId === made.id),
        `ann heard round ${round}`,
        { timeoutMs: 5000, intervalMs: 5 },
      );
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(1000);
      // The replica already holds it: read with the network cut.
      await ann.proxy.pause();
      expect(byId((await ann.call<Topology>('getTopology', { id: made.id })).document, 'web').position).toEqual({
        x: 300 + round * 10,
        y: 100,
      });
      await ann.proxy.resume();
      await until(() => (ann.engine.link?.status() as { events?: string }).events === 'open', 'ann hears the server again', {
        timeoutMs: 20_000,
      });
      ann.notices.length = 0;
    }
    carol.notices.length = 0;
    const notice = (await (async () => {
      await edit(root, made.id, (doc) => {
        byId(doc, 'db').label = 'db (root)';
      });
      await until(() => ann.notices.length > 0, 'the last notice');
      return ann.notices[0]!;
    })()) as Extract<TopologyEventNotice, { type: 'topology.changed' }>;
    expect(notice).toMatchObject({ type: 'topology.changed', topologyId: made.id, userName: expect.stringMatching(/root/) });
    // A reader who may not edit follows too.
    await until(() => carol.notices.some((each) => each.type === 'topology.changed'), 'carol heard the change', { timeoutMs: 5000 });
    await carol.proxy.pause();
    expect(byId((await carol.call<Topology>('getTopology', { id: made.id })).document, 'db').label).toBe('db (root)');
    await carol.proxy.resume();

    // Where the other editor's selection is, relayed as it comes.
    ann.notices.length = 0;
    await root.call('setTopologyPresence', { id: made.id, selection: ['web', 'db'] });
    await until(() => ann.notices.some((each) => each.type === 'topology.presence'), 'ann sees root’s selection', { timeoutMs: 5000 });
    expect(ann.notices.find((each) => each.type === 'topology.presence')).toMatchObject({
      topologyId: made.id,
      selection: ['web', 'db'],
      userName: expect.stringMatching(/root/),
    });
  }, 120_000);

  it('loses nothing when the server is killed mid-sync: the edit waits and is merged once the server is back', async () => {
    quickRetries();
    const { url: databaseUrl, passwords } = await initialisedDatabase();
    const dataDir = temporaryDir('nimbus-server-');
    let server = await serverProcess(databaseUrl, dataDir, 0);
    const port = Number(new URL(server.url).port);
    const root = await desktop('root', port, passwords.root!);
    const made = await root.call<Topology>('createTopology', { name: 'killed', document: base() });

    const topology = await root.call<Topology>('getTopology', { id: made.id });
    topology.document.nodes.push(node('late', 1500));
    const saving = root.call<Topology>('saveTopology', { id: made.id, expectedRevision: topology.revision, document: topology.document });
    server.child.kill('SIGKILL');
    const saved = await saving;
    expect(saved.document.nodes.map((each) => each.id)).toContain('late');
    await edit(root, made.id, (doc) => {
      byId(doc, 'web').label = 'edited while the server was down';
    });
    expect(await documentsWaiting(root)).toBe(1);

    server = await serverProcess(databaseUrl, dataDir, port);
    await until(async () => (await documentsWaiting(root)) === 0, 'the waiting edits sent to the restarted server', { timeoutMs: 20_000 });
    const onServer = await serverTopology(server.url, passwords.root!, made.id);
    expect(onServer.document.nodes.map((each) => each.id)).toContain('late');
    expect(byId(onServer.document, 'web').label).toBe('edited while the server was down');
  }, 120_000);

  it('keeps working on shared topologies after a restart without the server, and sends what was done once it is back', async () => {
    quickRetries();
    const { url: databaseUrl, passwords } = await initialisedDatabase();
    const server = await inProcessServer(databaseUrl);
    const port = Number(new URL(server.url).port);
    const root = await desktop('root', port, passwords.root!);
    const made = await root.call<Topology>('createTopology', { name: 'restarted', document: base() });
    await root.call('getTopology', { id: made.id });

    await root.proxy.pause();
    await root.engine.dispose();
    const again = await openDesktop('root', root.engine.dataDir, root.proxy);
    expect(again.engine.link?.status()).toMatchObject({ status: 'connected' });
    await edit(again, made.id, (doc) => {
      byId(doc, 'db').params = { cores: 32 };
    });
    expect((await again.call<{ id: string }[]>('listTopologies')).map((each) => each.id)).toEqual([made.id]);
    expect(await documentsWaiting(again)).toBe(1);

    await again.proxy.resume();
    await until(async () => (await documentsWaiting(again)) === 0, 'the edit made after the restart sent', { timeoutMs: 20_000 });
    expect(byId((await serverTopology(server.url, passwords.root!, made.id)).document, 'db').params).toEqual({ cores: 32 });
  }, 120_000);
});

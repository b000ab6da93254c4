import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../api/dispatcher.js';
import type { Topology, TopologyDocument } from '../api/schemas/topology.js';
import type { TopologyEventNotice } from '../api/schemas/topology-documents.js';
import type { MethodName } from '../common/method-names.js';
import { NimbusError } from '../errors.js';
import { discardLogger } from '../logging/logger.js';
import type { EventConnectionState, ServerClient } from '../remote/server-client.js';
import { normaliseServerUrl } from '../remote/server-url.js';
import type { LinkSession } from '../server-link/server-link.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { until } from '../test-support/until.js';
import { DocumentReplicas } from './document-replicas.js';
import { TopologyReplica } from './topology-document.js';
import { TopologyEvents, type TenantTopologyEvent } from './topology-events.js';

const ANN = { id: 'a1c0ffee-0000-4000-8000-000000000001', name: 'ann', displayName: 'Ann' };
const BOB = { id: 'b0b0b0b0-0000-4000-8000-000000000002', name: 'bob', displayName: 'Bob' };

const base = (): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'net', component: 'proxmox-network@2', position: { x: 0, y: 0 } },
    { id: 'web', label: 'web', component: 'proxmox-vm@3', position: { x: 300, y: 0 }, params: { cores: 2 } },
  ],
  wires: [{ id: 'w1', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } }],
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * A stand-in for the shared server inside this unit test: one `TopologyReplica` per topology,
 * answering the document methods the way the contract says; `offline` makes every call fail as an
 * unreachable server does.
 */
function standInServer(url = 'https://nimbus.example.com') {
  const docs = new Map<string, { replica: TopologyReplica; name: string; revision: number; createdAt: string }>();
  const noticeListeners = new Set<(notice: TopologyEventNotice) => void>();
  const stateListeners = new Set<(state: EventConnectionState) => void>();
  const calls: string[] = [];
  const state = { offline: false, garbage: false, readOnly: false, unreadable: false };
  const topologyOf = (id: string): Topology => {
    const doc = docs.get(id)!;
    return { id, name: doc.name, revision: doc.revision, document: doc.replica.read(), createdAt: doc.createdAt, updatedAt: doc.createdAt };
  };
  const need = (id: string) => {
    const doc = docs.get(id);
    if (!doc) throw new NimbusError('not_found', `Topology ${id} not found`, { id });
    return doc;
  };
  const client = {
    async call(method: MethodName, input: Record<string, unknown>): Promise<unknown> {
      calls.push(method);
      if (state.offline) throw new NimbusError('server_unreachable', `${url} cannot be reached`, { url });
      const id = input.id as string;
      if (state.unreadable && method !== 'whoAmI') throw new NimbusError('forbidden', 'You lack topology:read', {});
      if (state.readOnly && ['syncTopologyDocument', 'saveTopology', 'createTopology'].includes(method))
        throw new NimbusError('forbidden', 'You lack topology:update', {});
      switch (method) {
        case 'whoAmI':
          return { backend: 'server', user: ANN, tenant: { id: 't', name: 'acme' }, permissions: [] };
        case 'createTopology': {
          const made = (input.id as string | undefined) ?? randomUUID();
          if (docs.has(made)) throw new NimbusError('revision_conflict', 'taken', {});
          const replica = input.sharedDocument
            ? TopologyReplica.load(bytesOf(input.sharedDocument as string), ANN.id)
            : TopologyReplica.create(
                (input.document as TopologyDocument | undefined) ?? { schemaVersion: 1, nodes: [], wires: [] },
                'server',
              );
          docs.set(made, { replica, name: input.name as string, revision: 1, createdAt: new Date().toISOString() });
          return topologyOf(made);
        }
        case 'getTopology':
          need(id);
          return topologyOf(id);
        case 'listTopologies':
          return [...docs.keys()].map((key) => {
            const { document, ...rest } = topologyOf(key);
            return { ...rest, nodeCount: document.nodes.length };
          });
        case 'openTopologyDocument': {
          const doc = need(id);
          return { id, name: doc.name, revision: doc.revision, document: b64(doc.replica.save()), heads: doc.replica.heads() };
        }
        case 'syncTopologyDocument': {
          const doc = need(id);
          const before = doc.replica.heads().join();
          for (const change of input.changes as string[]) doc.replica.receive(bytesOf(change));
          if (doc.replica.heads().join() !== before) doc.revision += 1;
          const changes = state.garbage ? [b64(new Uint8Array([1, 2, 3, 4]))] : [b64(doc.replica.changesSince(input.heads as string[]))];
          return { id, revision: doc.revision, heads: doc.replica.heads(), changes, conflicts: doc.replica.conflicts().length };
        }
        case 'saveTopology': {
          const doc = need(id);
          if (typeof input.name === 'string') doc.name = input.name;
          doc.revision += 1;
          return topologyOf(id);
        }
        case 'listTopologyConflicts':
          return { id, revision: need(id).revision, conflicts: [] };
        default:
          throw new NimbusError('invalid_input', `the stand-in does not answer ${method}`, {});
      }
    },
    onTopologyEvent(listener: (notice: TopologyEventNotice) => void) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    onConnectionState(listener: (state: EventConnectionState) => void) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onJobEvent: () => () => undefined,
    healthy: async () => !state.offline,
    dispose: async () => undefined,
    signOut: async () => undefined,
  };
  const session: LinkSession = { url, user: 'ann', tenant: 'acme', client: client as unknown as ServerClient };
  /** Another editor (Bob) changes a topology on the server and the server tells its listeners. */
  const editByBob = (id: string, change: (doc: TopologyDocument) => void) => {
    const doc = docs.get(id)!;
    const bob = TopologyReplica.load(doc.replica.save(), BOB.id);
    const next = bob.read();
    change(next);
    bob.apply(next);
    doc.replica.merge(bob);
    doc.revision += 1;
    const notice: TopologyEventNotice = {
      type: 'topology.changed',
      topologyId: id,
      revision: doc.revision,
      userId: BOB.id,
      userName: BOB.displayName,
      at: new Date().toISOString(),
    };
    for (const listener of noticeListeners) listener(notice);
  };
  return { session, docs, calls, state, client, editByBob, noticeListeners, stateListeners };
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function desktop(options: { pushWaitMs?: number } = {}) {
  const dir = tempDir('nimbus-replicas-');
  const store: Store = openStore(dir.dir);
  const events = new TopologyEvents();
  const heard: TenantTopologyEvent[] = [];
  events.onEvent((event) => heard.push(event));
  const replicas = new DocumentReplicas({
    store: store.async.documentReplicas,
    events,
    localTenant: 'default',
    logger: discardLogger,
    policy: { baseMs: 20, capMs: 50, maxAttempts: 1000 },
    ...options,
  });
  cleanups.push(() => {
    replicas.dispose();
    store.close();
    dir.remove();
  });
  return { store, replicas, heard };
}

/** One call through the interceptor the way the link makes it: before, then the server (after / offline). */
async function call(replicas: DocumentReplicas, session: LinkSession, method: MethodName, input: unknown): Promise<DispatchResult> {
  const linkCall = { method, input, session };
  const early = await replicas.before(linkCall);
  if (early) return early;
  try {
    const result = await session.client.call(method, input as never);
    await replicas.after(linkCall, result);
    return { ok: true, result };
  } catch (error) {
    const answer = error instanceof NimbusError ? await replicas.offline(linkCall) : undefined;
    if (answer) return answer;
    return { ok: false, error: { code: (error as NimbusError).code, message: (error as Error).message } } as DispatchResult;
  }
}

const resultOf = <T>(answer: DispatchResult): T => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
};

async function heldTopology(server: ReturnType<typeof standInServer>, replicas: DocumentReplicas) {
  const made = resultOf<Topology>(await call(replicas, server.session, 'createTopology', { name: 'lab', document: base() }));
  return made;
}

describe('DocumentReplicas', () => {
  it('keeps the document of a topology it read, answers later reads and edits from it, and pushes each edit at once', async () => {
    const server = standInServer();
    const { replicas, store } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    expect(server.calls).toContain('openTopologyDocument');
    const kept = await store.async.documentReplicas.get({ url: normaliseServerUrl('https://nimbus.example.com'), tenant: 'acme' }, made.id);
    expect(kept).toMatchObject({ name: 'lab', waiting: false, onServer: true });

    server.calls.length = 0;
    const read = resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id }));
    expect(read.document.nodes.map((node) => node.id)).toEqual(['net', 'web']);
    expect(server.calls).not.toContain('getTopology');

    const next = read.document;
    next.nodes.push({ id: 'db', label: 'db', component: 'proxmox-vm@3', position: { x: 600, y: 0 } });
    // A stale expectedRevision refuses nothing: the document merges.
    const saved = resultOf<Topology>(
      await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: 0, document: next }),
    );
    expect(saved.revision).toBeGreaterThan(read.revision);
    expect(
      server.docs
        .get(made.id)!
        .replica.read()
        .nodes.map((node) => node.id),
    ).toEqual(['net', 'web', 'db']);
    expect(await replicas.waiting()).toBe(0);
    // A draft of a shared topology is an edit like a save: there is no private draft to find again.
    const moved = structuredClone(next);
    moved.nodes[0]!.position = { x: 10, y: 20 };
    const draft = resultOf<{ baseRevision: number }>(
      await call(replicas, server.session, 'saveTopologyDraft', { id: made.id, baseRevision: saved.revision, document: moved }),
    );
    expect(draft.baseRevision).toBe(saved.revision + 1);
    expect(server.docs.get(made.id)!.replica.read().nodes[0]!.position).toEqual({ x: 10, y: 20 });
    expect(resultOf(await call(replicas, server.session, 'getTopologyDraft', { id: made.id }))).toBeNull();
  });

  it('keeps edits made offline waiting, counts them, and sends them once the server answers again', async () => {
    const server = standInServer();
    const { replicas } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    server.state.offline = true;
    const doc = made.document;
    doc.nodes[1]!.params = { cores: 8 };
    const saved = await call(replicas, server.session, 'saveTopology', {
      id: made.id,
      expectedRevision: made.revision,
      name: 'lab (renamed)',
      document: doc,
    });
    expect(saved).toMatchObject({ ok: true, result: { document: { nodes: [{ id: 'net' }, { id: 'web', params: { cores: 8 } }] } } });
    expect(await replicas.waiting()).toBe(1);
    // Read offline: the replica answers, with the edit.
    expect(resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id })).document.nodes[1]!.params).toEqual({
      cores: 8,
    });
    expect(server.docs.get(made.id)!.replica.read().nodes[1]!.params).toEqual({ cores: 2 });
    server.state.offline = false;
    await until(async () => (await replicas.waiting()) === 0, 'the pusher sent the waiting edit', { timeoutMs: 3000 });
    expect(server.docs.get(made.id)!.replica.read().nodes[1]!.params).toEqual({ cores: 8 });
    expect(server.docs.get(made.id)!.name).toBe('lab (renamed)');
  });

  it('creates a topology offline with an id of its own and creates it on the server, same id and document, when it answers', async () => {
    const server = standInServer();
    const { replicas } = desktop();
    replicas.sessionChanged(server.session);
    server.state.offline = true;
    const made = resultOf<Topology>(await call(replicas, server.session, 'createTopology', { name: 'offline lab', document: base() }));
    expect(made.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await replicas.waiting()).toBe(1);
    expect(resultOf<{ id: string; nodeCount: number }[]>(await call(replicas, server.session, 'listTopologies', {}))).toEqual([
      expect.objectContaining({ id: made.id, name: 'offline lab', nodeCount: 2 }),
    ]);
    const doc = made.document;
    doc.nodes.pop();
    doc.wires = [];
    await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: made.revision, document: doc });
    server.state.offline = false;
    await replicas.syncNow();
    expect(await replicas.waiting()).toBe(0);
    const there = server.docs.get(made.id)!;
    expect(there.name).toBe('offline lab');
    expect(there.replica.read().nodes.map((node) => node.id)).toEqual(['net']);
  });

  it('pulls another editor’s change when the server tells, merges it, and tells this desktop’s page who made it', async () => {
    const server = standInServer();
    const { replicas, heard } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    server.editByBob(made.id, (doc) => {
      doc.nodes[0]!.label = 'core network';
    });
    await until(() => heard.length > 0, 'the page heard the change');
    expect(heard[0]).toMatchObject({ tenant: 'default', notice: { type: 'topology.changed', topologyId: made.id, userName: 'Bob' } });
    server.state.offline = true;
    expect(resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id })).document.nodes[0]!.label).toBe(
      'core network',
    );
    // Presence is relayed as it comes.
    const presence: TopologyEventNotice = {
      type: 'topology.presence',
      topologyId: made.id,
      userId: BOB.id,
      userName: 'Bob',
      selection: ['web'],
      at: new Date().toISOString(),
    };
    for (const listener of server.noticeListeners) listener(presence);
    await until(() => heard.some((event) => event.notice.type === 'topology.presence'), 'the presence notice relayed');
    // Telling the others one's selection while offline is no error: there is nobody to tell.
    expect(await call(replicas, server.session, 'setTopologyPresence', { id: made.id, selection: ['web'] })).toEqual({
      ok: true,
      result: { ok: true },
    });
  });

  it('pulls nothing for a notice of a change it already holds (its own edit), and pulls for a later one', async () => {
    const server = standInServer();
    const { replicas, heard } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    const doc = made.document;
    doc.nodes[0]!.label = 'moved by ann';
    expect((await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: made.revision, document: doc })).ok).toBe(
      true,
    );
    const revision = server.docs.get(made.id)!.revision;
    server.calls.length = 0;
    const notice = (at: number): TopologyEventNotice => ({
      type: 'topology.changed',
      topologyId: made.id,
      revision: at,
      userId: ANN.id,
      userName: ANN.displayName,
      at: new Date().toISOString(),
    });
    for (const listener of server.noticeListeners) listener(notice(revision));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.calls).not.toContain('syncTopologyDocument');
    // Another editor's change is a later revision: pulled, merged and told.
    server.editByBob(made.id, (next) => {
      next.nodes[1]!.label = 'renamed by bob';
    });
    await until(() => heard.some((event) => event.notice.userId === BOB.id), 'the later change pulled and told');
    expect(server.calls).toContain('syncTopologyDocument');
    expect(resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id })).document.nodes[1]!.label).toBe(
      'renamed by bob',
    );
  });

  it('lists the conflicts of concurrent edits of one field from the replica, offline, with who made each value', async () => {
    const server = standInServer();
    const { replicas } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    server.state.offline = true;
    const mine = made.document;
    mine.nodes[1]!.label = 'web (ann)';
    await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: made.revision, document: mine });
    server.state.offline = false;
    server.editByBob(made.id, (doc) => {
      doc.nodes[1]!.label = 'web (bob)';
    });
    await until(async () => (await replicas.waiting()) === 0, 'the edit sent and the other pulled');
    server.state.offline = true;
    const listed = resultOf<{ conflicts: { field?: string; values: { userName: string | null; value: unknown }[] }[] }>(
      await call(replicas, server.session, 'listTopologyConflicts', { id: made.id }),
    );
    expect(listed.conflicts).toHaveLength(1);
    expect(listed.conflicts[0]!.field).toBe('label');
    expect(listed.conflicts[0]!.values.map((value) => value.userName).sort()).toEqual(['Ann', 'Bob']);
    // Resolving is an edit: it waits offline and reaches the server later.
    const path = (listed.conflicts[0] as unknown as { path: string[] }).path;
    const valueId = (listed.conflicts[0]!.values.find((value) => value.userName === 'Bob') as unknown as { id: string }).id;
    expect(
      resultOf<{ conflicts: unknown[] }>(await call(replicas, server.session, 'resolveTopologyConflict', { id: made.id, path, valueId }))
        .conflicts,
    ).toEqual([]);
    expect(await replicas.waiting()).toBe(1);
    server.state.offline = false;
    await replicas.syncNow();
    expect(server.docs.get(made.id)!.replica.conflicts()).toEqual([]);
    expect(server.docs.get(made.id)!.replica.read().nodes[1]!.label).toBe('web (bob)');
  });

  it('never mixes the replicas of two servers, and refuses what a server sends that is not a document, keeping the edit', async () => {
    const first = standInServer('https://one.example.com');
    const second = standInServer('https://two.example.com');
    const { replicas, store } = desktop();
    replicas.sessionChanged(first.session);
    const made = await heldTopology(first, replicas);
    replicas.sessionChanged(second.session);
    expect(await replicas.before({ method: 'getTopology', input: { id: made.id }, session: second.session })).toBeUndefined();
    replicas.sessionChanged(first.session);
    expect(await replicas.before({ method: 'getTopology', input: { id: made.id }, session: first.session })).toMatchObject({ ok: true });

    first.state.garbage = true;
    const doc = made.document;
    doc.nodes.pop();
    doc.wires = [];
    await call(replicas, first.session, 'saveTopology', { id: made.id, expectedRevision: 1, document: doc });
    const kept = await store.async.documentReplicas.get({ url: normaliseServerUrl('https://one.example.com'), tenant: 'acme' }, made.id);
    expect(kept?.lastError?.code).toBe('sync_document_invalid');
    expect(
      TopologyReplica.load(kept!.document, 'x')
        .read()
        .nodes.map((node) => node.id),
    ).toEqual(['net']);
  });

  it('drops the replica of a topology deleted here or on the server', async () => {
    const server = standInServer();
    const { replicas, store } = desktop();
    replicas.sessionChanged(server.session);
    const where = { url: normaliseServerUrl('https://nimbus.example.com'), tenant: 'acme' };
    const first = await heldTopology(server, replicas);
    const second = await heldTopology(server, replicas);
    server.docs.delete(first.id);
    expect(await replicas.before({ method: 'getTopology', input: { id: first.id }, session: server.session })).toBeUndefined();
    expect(await store.async.documentReplicas.get(where, first.id)).toBeUndefined();
    server.docs.delete(second.id);
    await replicas.after({ method: 'deleteTopology', input: { id: second.id }, session: server.session }, { id: second.id, deleted: true });
    expect(await store.async.documentReplicas.get(where, second.id)).toBeUndefined();
    expect(await store.async.documentReplicas.list(where)).toEqual([]);
  });

  it('asks the server again when a kept replica cannot be read, and keeps the server’s document instead', async () => {
    const server = standInServer();
    const { replicas, store } = desktop();
    replicas.sessionChanged(server.session);
    const where = { url: normaliseServerUrl('https://nimbus.example.com'), tenant: 'acme' };
    const made = await heldTopology(server, replicas);
    const kept = (await store.async.documentReplicas.get(where, made.id))!;
    await store.async.documentReplicas.put({ ...kept, document: new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3]) });
    replicas.sessionChanged(server.session);
    const read = resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id }));
    expect(read.document.nodes.map((node) => node.id)).toEqual(['net', 'web']);
    const again = (await store.async.documentReplicas.get(where, made.id))!;
    expect(TopologyReplica.load(again.document, 'x').read().nodes).toHaveLength(2);
  });

  it('checks what it answers itself as the server would: malformed input is refused and changes nothing', async () => {
    const server = standInServer();
    const { replicas } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    const session = server.session;
    await expect(replicas.before({ method: 'saveTopology', input: { id: made.id, document: 'nodes' }, session })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      replicas.before({
        method: 'saveTopology',
        input: { id: made.id, expectedRevision: 1, document: { schemaVersion: 1, nodes: [{ id: 'x' }], wires: [] } },
        session,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    server.state.offline = true;
    expect(await replicas.offline({ method: 'createTopology', input: { name: '' }, session })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await replicas.waiting()).toBe(0);
    expect(resultOf<Topology>(await call(replicas, session, 'getTopology', { id: made.id })).document.nodes).toHaveLength(2);
  });

  it('keeps each edit as its own changes after the stored document, stores it whole every so often, and a restart loads every edit', async () => {
    const server = standInServer();
    const { replicas, store } = desktop();
    replicas.sessionChanged(server.session);
    const where = { url: normaliseServerUrl('https://nimbus.example.com'), tenant: 'acme' };
    const made = await heldTopology(server, replicas);
    const whole = (await store.async.documentReplicas.get(where, made.id))!;
    expect(whole.appendedChanges ?? 0).toBe(0);
    server.state.offline = true;
    const doc = made.document;
    for (let edit = 0; edit < 130; edit += 1) {
      doc.nodes[edit % 2]!.position = { x: edit + 1, y: edit + 1 };
      expect(
        (await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: made.revision, document: doc })).ok,
      ).toBe(true);
      if (edit === 10) {
        // Each edit so far appended its own few bytes; the document stored first was not written again.
        const kept = (await store.async.documentReplicas.get(where, made.id))!;
        expect(kept.appendedChanges).toBe(11);
        expect(kept.document.subarray(0, whole.document.byteLength)).toEqual(whole.document);
        expect(kept.document.byteLength - whole.document.byteLength).toBeLessThan(11 * 400);
      }
    }
    const kept = (await store.async.documentReplicas.get(where, made.id))!;
    // Stored whole once after 100 appended changes, then appended again.
    expect(kept.appendedChanges).toBeGreaterThan(0);
    expect(kept.appendedChanges).toBeLessThan(100);
    expect(TopologyReplica.load(kept.document, 'x').read()).toEqual(doc);
    expect(kept).toMatchObject({ waiting: true, revision: made.revision + 130 });

    // The desktop stops without storing the document whole (a crash): another one on the same store has every edit.
    replicas.dispose();
    const again = new DocumentReplicas({
      store: store.async.documentReplicas,
      events: new TopologyEvents(),
      localTenant: 'default',
      logger: discardLogger,
    });
    cleanups.push(() => again.dispose());
    again.sessionChanged(server.session);
    expect(resultOf<Topology>(await call(again, server.session, 'getTopology', { id: made.id })).document).toEqual(doc);
    server.state.offline = false;
    await again.syncNow();
    expect(await again.waiting()).toBe(0);
    expect(server.docs.get(made.id)!.replica.read()).toEqual(doc);
    // What the server sent back was appended too, and loads as the same document.
    const synced = (await store.async.documentReplicas.get(where, made.id))!;
    expect(TopologyReplica.load(synced.document, 'x').read()).toEqual(doc);
  });

  it('takes many saves made at once, in order, and the server ends with the last', async () => {
    const server = standInServer();
    const { replicas } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    const saves = Array.from({ length: 12 }, (_, index) => {
      const doc = structuredClone(made.document);
      doc.nodes[1]!.position = { x: index, y: index };
      return call(replicas, server.session, 'saveTopologyDraft', { id: made.id, baseRevision: made.revision, document: doc });
    });
    expect((await Promise.all(saves)).every((answer) => answer.ok)).toBe(true);
    await replicas.syncNow();
    expect(await replicas.waiting()).toBe(0);
    expect(server.docs.get(made.id)!.replica.read().nodes[1]!.position).toEqual({ x: 11, y: 11 });
    expect(resultOf<{ nodeCount: number }[]>(await call(replicas, server.session, 'listTopologies', {}))[0]!.nodeCount).toBe(2);
  });

  it('follows a topology its user may only read (whole documents), keeps edits the server refused, and forgets one no longer readable', async () => {
    const server = standInServer();
    const { replicas, heard, store } = desktop();
    replicas.sessionChanged(server.session);
    const made = await heldTopology(server, replicas);
    server.state.readOnly = true;
    server.editByBob(made.id, (doc) => {
      doc.nodes[0]!.label = 'read by a reader';
    });
    await until(() => heard.length > 0, 'the reader heard the change');
    expect(resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id })).document.nodes[0]!.label).toBe(
      'read by a reader',
    );
    // An edit the server refuses stays, marked, and is never dropped by a read.
    const doc = structuredClone(made.document);
    doc.nodes[1]!.label = 'mine';
    await call(replicas, server.session, 'saveTopology', { id: made.id, expectedRevision: 1, document: doc });
    const where = { url: normaliseServerUrl('https://nimbus.example.com'), tenant: 'acme' };
    expect(await store.async.documentReplicas.get(where, made.id)).toMatchObject({ waiting: true, lastError: { code: 'forbidden' } });
    expect(resultOf<Topology>(await call(replicas, server.session, 'getTopology', { id: made.id })).document.nodes[1]!.label).toBe('mine');
    // Once the edit is given up on the server side too (no longer readable at all), nothing is shown from the replica.
    await store.async.documentReplicas.put({ ...(await store.async.documentReplicas.get(where, made.id))!, waiting: false });
    replicas.sessionChanged(server.session);
    server.state.unreadable = true;
    expect(await replicas.before({ method: 'getTopology', input: { id: made.id }, session: server.session })).toBeUndefined();
    expect(await store.async.documentReplicas.get(where, made.id)).toBeUndefined();
  });
});

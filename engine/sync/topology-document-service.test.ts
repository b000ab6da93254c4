import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyEventNotice } from '../api/schemas/topology-documents.js';
import type { Topology } from '../api/schemas/topology.js';
import { PERMISSIONS } from '../common/permissions.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { runAsEngineWork } from '../context/tenant-scope.js';
import { baseTopology, DeskReplica, editOffline, expectEveryEdit, nodeOf, type CallAs } from './shared-topology-test-support.js';
import { COMPACT_AFTER_CHANGES } from './topology-document-service.js';
import { TopologyReplica } from './topology-document.js';

const ALICE = '5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01';
const BOB = '7d3a9e22-0b6c-4f1e-8e0b-2b2c4e5f6a02';
const CAROL = 'c41d8a07-91f3-4d2b-b7a1-3c3d5e6f7a03';

let harness: TestEngine;
let notices: TopologyEventNotice[];

beforeEach(async () => {
  harness = await createTestEngine();
  notices = [];
  harness.engine.topologyEvents.onEvent((event) => notices.push(event.notice));
  await runAsEngineWork('test', async () => {
    const identity = harness.engine.store.identity;
    if (!(await identity.tenants()).some((tenant) => tenant.id === 'default')) {
      await identity.insertTenant({ id: 'default', name: 'default', parent: null, createdAt: new Date().toISOString() });
    }
    for (const [id, name] of [
      [ALICE, 'Alice'],
      [BOB, 'Bob'],
      [CAROL, 'Carol'],
    ] as const) {
      await harness.engine.store.identity.insertUser({
        id,
        name: name.toLowerCase(),
        displayName: name,
        tenant: 'default',
        passwordHash: 'x',
        disabled: false,
        createdAt: new Date().toISOString(),
      });
    }
  });
});
afterEach(() => harness.dispose());

const as =
  (user: string, tenant = 'default'): CallAs =>
  (method, input) =>
    harness.engine.dispatcher.dispatch(method as never, input, { caller: { id: user, tenant, permissions: new Set(PERMISSIONS) } });

async function ok<T>(answer: ReturnType<CallAs>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.result as T;
}

async function errorOf(answer: ReturnType<CallAs>): Promise<string> {
  const result = await answer;
  if (result.ok) throw new Error('the call succeeded');
  return result.error.code;
}

const createShared = () => ok<Topology>(as(ALICE)('createTopology', { name: 'office', document: baseTopology() }));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function threeDesks(id: string) {
  return {
    alice: await new DeskReplica(ALICE, as(ALICE), id).open(),
    bob: await new DeskReplica(BOB, as(BOB), id).open(),
    carol: await new DeskReplica(CAROL, as(CAROL), id).open(),
  };
}

describe('shared topology documents through the API', () => {
  it.each([
    ['alice', 'bob', 'carol'],
    ['carol', 'bob', 'alice'],
    ['bob', 'carol', 'alice'],
  ] as const)(
    'merges three offline replicas synced in the order %s, %s, %s into one document, the record and conflicts',
    async (...order) => {
      const topology = await createShared();
      const desks = await threeDesks(topology.id);
      editOffline(desks.alice, desks.bob, desks.carol);
      for (const name of order) await desks[name].sync();
      // A second round brings every desk what the others sent after it.
      for (const name of order) await desks[name].sync();
      const [first, ...others] = order.map((name) => desks[name].replica);
      for (const other of others) {
        expect(other.read()).toEqual(first!.read());
        expect([...other.heads()].sort()).toEqual([...first!.heads()].sort());
      }
      expectEveryEdit(first!.read());

      // The record holds the merge: one revision per sync that changed something.
      const record = await ok<Topology>(as(BOB)('getTopology', { id: topology.id }));
      expect(record.revision).toBe(4);
      expect(record.document).toEqual(first!.read());
      expect(notices.filter((notice) => notice.type === 'topology.changed')).toEqual(
        order.map((name, index) =>
          expect.objectContaining({
            topologyId: topology.id,
            revision: 2 + index,
            userId: desks[name].userId,
            userName: expect.any(String),
          }),
        ),
      );

      const listed = await ok<{
        conflicts: { path: string[]; values: { id: string; value: unknown; userId: string; userName: string }[] }[];
      }>(as(CAROL)('listTopologyConflicts', { id: topology.id }));
      expect(listed.conflicts.map((conflict) => conflict.path)).toEqual([['nodes', 'web', 'label']]);
      const values = listed.conflicts[0]!.values;
      expect(values.map((value) => [value.value, value.userId, value.userName]).sort()).toEqual([
        ['web (alice)', ALICE, 'Alice'],
        ['web (bob)', BOB, 'Bob'],
      ]);

      // Carol keeps Bob's label: a change that reaches the record, the notices and every replica.
      const chosen = values.find((value) => value.userId === BOB)!;
      // Looked at before someone else's change: refused, nothing resolved.
      expect(
        await errorOf(
          as(CAROL)('resolveTopologyConflict', {
            id: topology.id,
            path: ['nodes', 'web', 'label'],
            valueId: chosen.id,
            expectedRevision: 3,
          }),
        ),
      ).toBe('revision_conflict');
      expect(
        await errorOf(as(CAROL)('resolveTopologyConflict', { id: topology.id, path: ['nodes', 'web', 'label'], valueId: 'no-such-value' })),
      ).toBe('sync_conflict_unknown');
      const resolved = await ok<{ revision: number; conflicts: unknown[] }>(
        as(CAROL)('resolveTopologyConflict', { id: topology.id, path: ['nodes', 'web', 'label'], valueId: chosen.id, expectedRevision: 4 }),
      );
      expect(resolved).toMatchObject({ revision: 5, conflicts: [] });
      expect(notices.at(-1)).toMatchObject({ type: 'topology.changed', revision: 5, userId: CAROL, userName: 'Carol' });
      expect(nodeOf((await ok<Topology>(as(BOB)('getTopology', { id: topology.id }))).document, 'web')!.label).toBe('web (bob)');
      const synced = await desks.alice.sync();
      expect(synced.conflicts).toBe(0);
      expect(desks.alice.replica.conflicts()).toEqual([]);
      expect(nodeOf(desks.alice.replica.read(), 'web')!.label).toBe('web (bob)');
      // Resolving it again: it is gone.
      expect(
        await errorOf(as(CAROL)('resolveTopologyConflict', { id: topology.id, path: ['nodes', 'web', 'label'], valueId: chosen.id })),
      ).toBe('sync_conflict_unknown');
    },
  );

  it('makes one document on first open, the one every replica starts from, and answers nothing new with no write', async () => {
    const topology = await createShared();
    const [a, b] = await Promise.all([
      ok<{ document: string; heads: string[] }>(as(ALICE)('openTopologyDocument', { id: topology.id })),
      ok<{ document: string; heads: string[] }>(as(BOB)('openTopologyDocument', { id: topology.id })),
    ]);
    expect(a.document).toBe(b.document);
    const desk = await new DeskReplica(ALICE, as(ALICE), topology.id).open();
    expect(await desk.sync()).toMatchObject({ revision: 1, conflicts: 0 });
    expect(notices).toEqual([]);
  });

  it('refuses hostile syncs with nothing stored: bad base64, random bytes, a truncated document, another tenant, a deleted topology', async () => {
    const topology = await createShared();
    const desk = await new DeskReplica(ALICE, as(ALICE), topology.id).open();
    const before = await ok<{ document: string; heads: string[] }>(as(ALICE)('openTopologyDocument', { id: topology.id }));
    desk.edit((doc) => {
      nodeOf(doc, 'web')!.label = 'mine';
    });
    const good = toBase64(desk.replica.changesSince(before.heads));
    const random = toBase64(new Uint8Array(Array.from({ length: 300 }, (_, index) => (index * 7919) % 256)));
    const whole = desk.replica.save();
    const truncated = toBase64(whole.subarray(0, Math.floor(whole.length / 2)));
    const otherTopology = TopologyReplica.create(baseTopology(), ALICE).save();
    const sync = (changes: string[], id = topology.id, call = as(ALICE)) =>
      call('syncTopologyDocument', { id, heads: before.heads, changes });
    expect(await errorOf(sync(['abc']))).toBe('sync_document_invalid');
    expect(await errorOf(sync(['%%%%']))).toBe('invalid_input');
    expect(await errorOf(sync([good, random]))).toBe('sync_document_invalid');
    expect(await errorOf(sync([good, truncated]))).toBe('sync_document_invalid');
    expect(await errorOf(sync([good, toBase64(otherTopology)]))).toBe('sync_document_invalid');
    expect(await errorOf(sync([good], topology.id, as(BOB, 'tenant-b')))).toBe('not_found');
    expect(await errorOf(as(BOB, 'tenant-b')('openTopologyDocument', { id: topology.id }))).toBe('not_found');
    expect(await errorOf(as(BOB, 'tenant-b')('listTopologyConflicts', { id: topology.id }))).toBe('not_found');
    // Nothing of the good change in the refused calls was kept.
    const after = await ok<{ document: string; heads: string[] }>(as(ALICE)('openTopologyDocument', { id: topology.id }));
    expect(after).toEqual(before);
    expect((await ok<Topology>(as(ALICE)('getTopology', { id: topology.id }))).revision).toBe(1);
    expect(notices).toEqual([]);

    await ok(as(ALICE)('deleteTopology', { id: topology.id }));
    expect(await errorOf(sync([good]))).toBe('not_found');
    expect(await errorOf(as(ALICE)('openTopologyDocument', { id: topology.id }))).toBe('not_found');
    expect(await runAsEngineWork('test', () => harness.engine.store.topologyDocuments.load(topology.id))).toBeUndefined();
  });

  it('applies a save from a client that does not speak documents as a change that reaches replicas', async () => {
    const topology = await createShared();
    const desk = await new DeskReplica(BOB, as(BOB), topology.id).open();
    const doc = baseTopology();
    nodeOf(doc, 'db')!.params!.cores = 32;
    doc.nodes.push({ id: 'cli', label: 'from the CLI', component: 'proxmox-vm@3', position: { x: 5, y: 5 } });
    const saved = await ok<Topology>(as(ALICE)('saveTopology', { id: topology.id, expectedRevision: 1, document: doc, name: 'office 2' }));
    expect(saved).toMatchObject({ revision: 2, name: 'office 2' });
    expect(notices).toEqual([expect.objectContaining({ type: 'topology.changed', revision: 2, userId: ALICE, userName: 'Alice' })]);
    expect(await errorOf(as(ALICE)('saveTopology', { id: topology.id, expectedRevision: 1, document: doc }))).toBe('revision_conflict');
    await desk.sync();
    expect(nodeOf(desk.replica.read(), 'db')!.params!.cores).toBe(32);
    expect(nodeOf(desk.replica.read(), 'cli')).toBeDefined();
    expect(desk.replica.read()).toEqual(saved.document);
  });

  it('creates a topology a desktop made offline under its id with its document, and refuses a taken id', async () => {
    const offline = baseTopology();
    nodeOf(offline, 'web')!.label = 'made offline';
    const made = TopologyReplica.create(offline, CAROL);
    const id = '0d9b6a52-7c1e-4e0f-9a1b-2c3d4e5f6a7b';
    const created = await ok<Topology>(as(CAROL)('createTopology', { name: 'offline', id, sharedDocument: toBase64(made.save()) }));
    expect(created).toMatchObject({ id, revision: 1, document: made.read() });
    const opened = await ok<{ document: string; heads: string[] }>(as(ALICE)('openTopologyDocument', { id }));
    expect(opened.document).toBe(toBase64(made.save()));
    // The desk that made it syncs its later edits straight into the same document.
    const desk = await new DeskReplica(CAROL, as(CAROL), id).open();
    desk.edit((doc) => {
      nodeOf(doc, 'db')!.label = 'db later';
    });
    expect((await desk.sync()).revision).toBe(2);

    const again = as(CAROL)('createTopology', { name: 'offline', id, sharedDocument: toBase64(made.save()) });
    expect(await errorOf(again)).toBe('topology_exists');
    expect(await errorOf(as(CAROL)('createTopology', { name: 'x', id: crypto.randomUUID(), sharedDocument: 'AAAA' }))).toBe(
      'sync_document_invalid',
    );
    // An id without a document: the record under that id, its document made on first open.
    const plain = crypto.randomUUID();
    expect(await ok<Topology>(as(CAROL)('createTopology', { name: 'plain', id: plain }))).toMatchObject({ id: plain });
    expect(await errorOf(as(CAROL)('createTopology', { name: 'plain', id: plain }))).toBe('topology_exists');
  });

  it('tells the topology editors who selected what, and stores nothing', async () => {
    const topology = await createShared();
    expect(await ok(as(BOB)('setTopologyPresence', { id: topology.id, selection: ['web', 'db'] }))).toEqual({ ok: true });
    expect(notices).toEqual([
      {
        type: 'topology.presence',
        topologyId: topology.id,
        userId: BOB,
        userName: 'Bob',
        selection: ['web', 'db'],
        at: expect.any(String),
      },
    ]);
    expect(await errorOf(as(BOB, 'tenant-b')('setTopologyPresence', { id: topology.id, selection: [] }))).toBe('not_found');
  });

  it('folds a long log into a new snapshot and loses no change', async () => {
    const topology = await createShared();
    const desk = await new DeskReplica(ALICE, as(ALICE), topology.id).open();
    const late = await new DeskReplica(BOB, as(BOB), topology.id).open();
    for (let step = 0; step < COMPACT_AFTER_CHANGES + 5; step += 1) {
      desk.edit((doc) => {
        nodeOf(doc, 'web')!.position = { x: step, y: step };
      });
      await desk.sync();
    }
    const stored = await runAsEngineWork('test', () => harness.engine.store.topologyDocuments.load(topology.id));
    expect(stored!.changes.length).toBeLessThan(10);
    await late.sync();
    expect(late.replica.read()).toEqual(desk.replica.read());
    expect(nodeOf((await ok<Topology>(as(ALICE)('getTopology', { id: topology.id }))).document, 'web')!.position).toEqual({
      x: COMPACT_AFTER_CHANGES + 4,
      y: COMPACT_AFTER_CHANGES + 4,
    });
  });
});

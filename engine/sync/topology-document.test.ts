import * as Automerge from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { TopologyDocument, TopologyNode } from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import { TopologyReplica, type TopologyConflict } from './topology-document.js';

const ALICE = '5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01';
const BOB = '7d3a9e22-0b6c-4f1e-8e0b-2b2c4e5f6a02';
const CAROL = 'c41d8a07-91f3-4d2b-b7a1-3c3d5e6f7a03';

const node = (id: string, x: number, params?: Record<string, unknown>): TopologyNode => ({
  id,
  label: `node ${id}`,
  component: id.startsWith('net') ? 'proxmox-network@2' : 'proxmox-vm@3',
  position: { x, y: 100 },
  ...(params ? { params } : {}),
});

const base = (): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [
    node('net', 0),
    node('web', 300, { cores: 2, memory_mb: 2048, tags: ['web', 'public'] }),
    node('db', 600, { cores: 4, disk_gb: 100 }),
    node('cache', 900, { cores: 1 }),
  ],
  wires: [
    { id: 'w-web-net', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } },
    { id: 'w-db-net', source: { node: 'net', port: 'network_id' }, target: { node: 'db', port: 'network_id' } },
    { id: 'w-cache-web', source: { node: 'web', port: 'address' }, target: { node: 'cache', port: 'upstream' } },
  ],
});

/** Edits a copy of a replica's topology as the editor would, then saves it into the replica. */
function edit(replica: TopologyReplica, change: (doc: TopologyDocument) => void): void {
  const doc = replica.read();
  change(doc);
  expect(replica.apply(doc)).toBe(true);
}

const byId = (doc: TopologyDocument, id: string) => doc.nodes.find((candidate) => candidate.id === id);

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** Three replicas of one document, each with offline edits; returns their saved bytes. */
function threeOfflineReplicas() {
  const origin = TopologyReplica.create(base(), 'server');
  const bytes = origin.save();
  const alice = TopologyReplica.load(bytes, ALICE);
  const bob = TopologyReplica.load(bytes, BOB);
  const carol = TopologyReplica.load(bytes, CAROL);

  edit(alice, (doc) => {
    byId(doc, 'web')!.position = { x: 320, y: 140 }; // move
    byId(doc, 'web')!.label = 'web (alice)'; // same field as bob
    doc.nodes.push(node('queue', 1200, { cores: 2 })); // add
    doc.wires.push({ id: 'w-queue-net', source: { node: 'net', port: 'network_id' }, target: { node: 'queue', port: 'network_id' } });
  });
  edit(alice, (doc) => {
    byId(doc, 'db')!.params!.cores = 8; // param edit, same node as bob's other param
  });
  edit(bob, (doc) => {
    byId(doc, 'web')!.label = 'web (bob)'; // same field as alice
    byId(doc, 'web')!.params!.memory_mb = 4096; // other field of the node alice moved
    byId(doc, 'db')!.params!.disk_gb = 250;
    byId(doc, 'db')!.params!.cores = 16; // same parameter as alice
    doc.nodes = doc.nodes.filter((candidate) => candidate.id !== 'cache'); // delete (and its wire)
    doc.wires = doc.wires.filter((wire) => wire.id !== 'w-cache-web');
  });
  edit(carol, (doc) => {
    doc.wires.find((wire) => wire.id === 'w-db-net')!.source = { node: 'web', port: 'address' }; // re-wire
    doc.nodes.push(node('monitor', 1500));
    delete byId(doc, 'web')!.params!.tags;
  });
  return { origin, alice, bob, carol };
}

function expectEveryEdit(doc: TopologyDocument): void {
  const web = byId(doc, 'web')!;
  expect(web.position).toEqual({ x: 320, y: 140 });
  expect(['web (alice)', 'web (bob)']).toContain(web.label);
  expect(web.params).toEqual({ cores: 2, memory_mb: 4096 });
  expect(byId(doc, 'db')!.params).toEqual({ cores: expect.toBeOneOf([8, 16]), disk_gb: 250 });
  expect(byId(doc, 'cache')).toBeUndefined();
  expect(byId(doc, 'queue')).toMatchObject({ params: { cores: 2 } });
  expect(byId(doc, 'monitor')).toBeDefined();
  expect(doc.wires.map((wire) => wire.id).sort()).toEqual(['w-db-net', 'w-queue-net', 'w-web-net']);
  expect(doc.wires.find((wire) => wire.id === 'w-db-net')!.source).toEqual({ node: 'web', port: 'address' });
}

const summary = (conflicts: TopologyConflict[]) =>
  conflicts.map((conflict) => ({
    kind: conflict.kind,
    path: conflict.path,
    values: conflict.values
      .map((value) => ({ value: value.value, userId: value.userId }))
      .sort((a, b) => String(a.userId).localeCompare(String(b.userId))),
  }));

describe('TopologyReplica', () => {
  it('merges three offline replicas in every order into one document holding every edit, the same-field edit a conflict', () => {
    const { alice, bob, carol } = threeOfflineReplicas();
    const saved = [alice.save(), bob.save(), carol.save()];
    const results = permutations([0, 1, 2]).map((order) => {
      const merged = TopologyReplica.load(saved[order[0]!]!, 'merger');
      for (const index of order.slice(1)) merged.receive(saved[index]!);
      return merged;
    });
    expect(results).toHaveLength(6);
    const first = results[0]!.read();
    expectEveryEdit(first);
    for (const merged of results) {
      expect(merged.read()).toEqual(first);
      expect(summary(merged.conflicts())).toEqual([
        {
          kind: 'field',
          path: ['nodes', 'db', 'params', 'cores'],
          values: [
            { value: 8, userId: ALICE },
            { value: 16, userId: BOB },
          ],
        },
        {
          kind: 'field',
          path: ['nodes', 'web', 'label'],
          values: [
            { value: 'web (alice)', userId: ALICE },
            { value: 'web (bob)', userId: BOB },
          ],
        },
      ]);
    }
    // Replica-to-replica merge gives the same document as merging bytes, and the same conflicts when
    // they were listed before (then only what the merges flag is looked at again).
    expect(alice.conflicts()).toEqual([]);
    alice.merge(bob);
    alice.merge(carol);
    expect(alice.read()).toEqual(first);
    expect(alice.conflicts()).toEqual(results[0]!.conflicts());
  });

  it('resolves a conflict on one replica; after sync every replica agrees and the conflict is gone', () => {
    const { alice, bob, carol } = threeOfflineReplicas();
    for (const replica of [alice, bob, carol]) for (const other of [alice, bob, carol]) if (other !== replica) replica.merge(other);
    const conflict = carol.conflicts().find((candidate) => candidate.field === 'label');
    const bobs = conflict!.values.find((value) => value.userId === BOB)!;
    expect(bobs.value).toBe('web (bob)');
    carol.resolve(conflict!.path, bobs.id);
    const cores = carol.conflicts().find((candidate) => candidate.field === 'params.cores')!;
    expect(carol.conflicts()).toEqual([cores]);
    // The parameter conflict is resolved on another replica, keeping the value that is not shown.
    const hidden = cores.values[1]!;
    alice.resolve(cores.path, hidden.id);
    expect(alice.conflicts().map((candidate) => candidate.field)).toEqual(['label']);
    carol.receive(alice.changesSince(carol.heads()));
    expect(carol.conflicts()).toEqual([]);
    for (const replica of [alice, bob]) {
      replica.receive(carol.changesSince(replica.heads()));
      expect(replica.conflicts()).toEqual([]);
      expect(replica.read()).toEqual(carol.read());
    }
    expect(byId(carol.read(), 'web')!.label).toBe('web (bob)');
    expect(byId(carol.read(), 'db')!.params!.cores).toBe(hidden.value);
    expect(() => carol.resolve(conflict!.path, bobs.id)).toThrow(expect.objectContaining({ code: 'sync_conflict_unknown' }));
  });

  // Which value the CRDT shows first depends on which replica made more changes before (then on the
  // actor ids), so the deletion is tried both shown and hidden.
  it.each([
    ['alice deletes after other edits, bob edits', ALICE, BOB, true],
    ['bob deletes after other edits, alice edits', BOB, ALICE, true],
    ['alice deletes, bob edits after other edits', ALICE, BOB, false],
  ])(
    'keeps a node deleted on one replica and edited on another, as a conflict, until resolved either way (%s)',
    (_name, deleter, editor, deleterFirst) => {
      const origin = TopologyReplica.create(base(), 'server');
      const deleting = TopologyReplica.load(origin.save(), deleter);
      const editing = TopologyReplica.load(origin.save(), editor);
      for (let step = 0; step < 3; step += 1) {
        edit(deleterFirst ? deleting : editing, (doc) => void (byId(doc, 'net')!.position = { x: step, y: 1 }));
      }
      edit(deleting, (doc) => {
        doc.nodes = doc.nodes.filter((candidate) => candidate.id !== 'db');
        doc.wires = doc.wires.filter((wire) => wire.target.node !== 'db');
      });
      edit(editing, (doc) => {
        byId(doc, 'db')!.params!.disk_gb = 500;
      });
      for (const [into, from] of [
        [deleting, editing],
        [editing, deleting],
      ] as const) {
        into.receive(from.changesSince(origin.heads()));
        expect(byId(into.read(), 'db')!.params).toEqual({ cores: 4, disk_gb: 500 });
        expect(TopologyReplica.load(into.save(), CAROL).read()).toEqual(into.read());
      }
      const conflicts = deleting.conflicts();
      expect(conflicts.map((conflict) => ({ kind: conflict.kind, path: conflict.path }))).toEqual([
        { kind: 'deleted-while-edited', path: ['nodes', 'db', 'presence'] },
      ]);
      expect(conflicts[0]!.values.map((value) => [value.value, value.userId]).sort()).toEqual(
        [
          ['deleted', deleter],
          ['kept', editor],
        ].sort(),
      );
      const keep = TopologyReplica.load(deleting.save(), CAROL);
      keep.resolve(conflicts[0]!.path, conflicts[0]!.values.find((value) => value.value === 'kept')!.id);
      expect(keep.conflicts()).toEqual([]);
      expect(byId(keep.read(), 'db')!.params).toEqual({ cores: 4, disk_gb: 500 });

      deleting.resolve(conflicts[0]!.path, conflicts[0]!.values.find((value) => value.value === 'deleted')!.id);
      expect(byId(deleting.read(), 'db')).toBeUndefined();
      editing.receive(deleting.changesSince(editing.heads()));
      expect(editing.conflicts()).toEqual([]);
      expect(editing.read()).toEqual(deleting.read());
      expect(TopologyReplica.load(editing.save(), CAROL).read()).toEqual(deleting.read());
    },
  );

  it('keeps a wire added offline into a node deleted meanwhile, as a delete conflict, not a lost wire', () => {
    const origin = TopologyReplica.create(base(), 'server');
    const alice = TopologyReplica.load(origin.save(), ALICE);
    const bob = TopologyReplica.load(origin.save(), BOB);
    edit(alice, (doc) => {
      doc.nodes = doc.nodes.filter((candidate) => candidate.id !== 'cache');
      doc.wires = doc.wires.filter((wire) => wire.target.node !== 'cache');
    });
    edit(bob, (doc) => {
      doc.wires.push({ id: 'w-cache-net', source: { node: 'net', port: 'network_id' }, target: { node: 'cache', port: 'network_id' } });
    });
    bob.merge(alice);
    expect(bob.read().wires.map((wire) => wire.id)).toContain('w-cache-net');
    expect(bob.conflicts().map((conflict) => conflict.kind)).toEqual(['deleted-while-edited']);
  });

  it('lists two wires added offline into one input as a conflict and reads back only the first', () => {
    const origin = TopologyReplica.create(base(), 'server');
    const alice = TopologyReplica.load(origin.save(), ALICE);
    const bob = TopologyReplica.load(origin.save(), BOB);
    edit(alice, (doc) => {
      doc.wires.push({ id: 'w-a', source: { node: 'net', port: 'network_id' }, target: { node: 'cache', port: 'network_id' } });
    });
    edit(bob, (doc) => {
      doc.wires.push({ id: 'w-b', source: { node: 'web', port: 'address' }, target: { node: 'cache', port: 'network_id' } });
    });
    alice.merge(bob);
    const wired = alice.read().wires.filter((wire) => wire.target.node === 'cache' && wire.target.port === 'network_id');
    expect(wired.map((wire) => wire.id)).toEqual(['w-a']);
    const conflict = alice.conflicts().find((candidate) => candidate.kind === 'input-wired-twice')!;
    expect(conflict.values.map((value) => [value.id, value.userId])).toEqual([
      ['w-a', ALICE],
      ['w-b', BOB],
    ]);
    // Saving the editor's document (which never showed w-b) leaves the hidden wire and its conflict alone.
    edit(alice, (doc) => void (byId(doc, 'net')!.position = { x: 5, y: 5 }));
    expect(
      alice
        .conflicts()
        .find((candidate) => candidate.kind === 'input-wired-twice')
        ?.values.map((value) => value.id),
    ).toEqual(['w-a', 'w-b']);
    alice.resolve(conflict.path, 'w-b');
    expect(alice.conflicts()).toEqual([]);
    expect(alice.read().wires.find((wire) => wire.target.node === 'cache' && wire.target.port === 'network_id')!.id).toBe('w-b');
  });

  it('lists a node added with one id on two replicas as a conflict of whole nodes', () => {
    const origin = TopologyReplica.create(base(), 'server');
    const alice = TopologyReplica.load(origin.save(), ALICE);
    const bob = TopologyReplica.load(origin.save(), BOB);
    edit(alice, (doc) => void doc.nodes.push({ ...node('lb', 10), label: 'lb alice' }));
    edit(bob, (doc) => void doc.nodes.push({ ...node('lb', 20), label: 'lb bob' }));
    alice.merge(bob);
    const conflict = alice.conflicts().find((candidate) => candidate.kind === 'added-twice')!;
    expect(conflict.values.map((value) => [(value.value as { label: string }).label, value.userId]).sort()).toEqual([
      ['lb alice', ALICE],
      ['lb bob', BOB],
    ]);
    alice.resolve(conflict.path, conflict.values.find((value) => value.userId === BOB)!.id);
    expect(alice.conflicts()).toEqual([]);
    expect(byId(alice.read(), 'lb')).toMatchObject({ label: 'lb bob', position: { x: 20, y: 100 } });
  });

  it('carries live edits both ways with the changes since the peer’s heads, each a small message', () => {
    const origin = TopologyReplica.create(base(), 'server');
    const alice = TopologyReplica.load(origin.save(), ALICE);
    const bob = TopologyReplica.load(origin.save(), BOB);
    const send = (from: TopologyReplica, to: TopologyReplica) => {
      const message = from.changesSince(to.heads());
      to.receive(message);
      return message;
    };
    for (let step = 0; step < 5; step += 1) {
      edit(alice, (doc) => void (byId(doc, 'web')!.position = { x: step, y: step }));
      edit(bob, (doc) => void (byId(doc, 'web')!.params!.cores = step + 10));
      expect(send(alice, bob).length).toBeLessThan(1_000);
      expect(send(bob, alice).length).toBeLessThan(1_000);
      expect(alice.read()).toEqual(bob.read());
      expect(byId(alice.read(), 'web')).toMatchObject({ position: { x: step, y: step }, params: { cores: step + 10 } });
    }
    expect(alice.conflicts()).toEqual([]);
    expect(send(alice, bob).length).toBe(0);
  });

  it('writes one edit as a few operations on its field, not the whole node', () => {
    const replica = TopologyReplica.create(base(), ALICE);
    edit(replica, (doc) => void (byId(doc, 'web')!.params!.cores = 3));
    const change = Automerge.decodeChange(Automerge.getLastLocalChange((replica as unknown as { doc: Automerge.Doc<unknown> }).doc)!);
    // The parameter, and the node's presence (so a concurrent delete becomes a conflict).
    expect(change.ops.map((op) => op.key).sort()).toEqual(['cores', 'presence']);
    expect(replica.apply(replica.read())).toBe(false);
  });

  it('round-trips the document exactly, through bytes too, keeping order', () => {
    const doc: TopologyDocument = {
      ...base(),
      nodes: [
        ...base().nodes,
        { ...node('z-first', 5), dependsOn: ['db'], params: { spec: { disks: [{ size: 10 }], ok: true, note: null } } },
      ],
      frames: [{ id: 'f1', label: 'Frontend', position: { x: -10, y: -10 }, size: { width: 400, height: 300 } }],
    };
    const replica = TopologyReplica.create(doc, ALICE);
    expect(replica.read()).toEqual(doc);
    expect(TopologyReplica.load(replica.save(), BOB).read()).toEqual(doc);
    const moved = { ...doc, nodes: [doc.nodes[3]!, ...doc.nodes.slice(0, 3), doc.nodes[4]!] };
    replica.apply(moved);
    expect(replica.read()).toEqual(moved);
    expect(TopologyReplica.load(replica.save(), BOB).read()).toEqual(moved);
    // A peer whose heads this replica does not know (or that sends nonsense) gets everything, which it can always take.
    const everything = replica.changesSince(['f'.repeat(64), 'not a head']);
    expect(everything).toEqual(replica.save());
    const fresh = TopologyReplica.load(everything, CAROL);
    expect(fresh.read()).toEqual(moved);
  });

  it('holds an empty topology', () => {
    const empty: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };
    const replica = TopologyReplica.create(empty, ALICE);
    expect(replica.read()).toEqual(empty);
    expect(TopologyReplica.load(TopologyReplica.create({ ...empty, frames: [] }, ALICE).save(), BOB).read()).toEqual({
      ...empty,
      frames: [],
    });
    expect(replica.conflicts()).toEqual([]);
    expect(TopologyReplica.load(replica.save(), BOB).read()).toEqual(empty);
    expect(replica.apply(empty)).toBe(false);
  });

  it('round-trips a topology of 10,000 nodes', () => {
    const nodes = Array.from({ length: 10_000 }, (_unused, index) =>
      node(`vm-${index}`, index * 10, { cores: 1 + (index % 8), name: `vm-${index}` }),
    );
    const wires = nodes.slice(1).map((target, index) => ({
      id: `w-${index}`,
      source: { node: 'vm-0', port: 'address' },
      target: { node: target.id, port: 'upstream' },
    }));
    const doc: TopologyDocument = { schemaVersion: 1, nodes, wires };
    const replica = TopologyReplica.create(doc, ALICE);
    const loaded = TopologyReplica.load(replica.save(), BOB);
    expect(loaded.read()).toEqual(doc);
    edit(loaded, (next) => void (next.nodes[9_999]!.position = { x: 1, y: 2 }));
    replica.receive(loaded.changesSince(replica.heads()));
    expect(replica.read().nodes[9_999]!.position).toEqual({ x: 1, y: 2 });
  }, 120_000);

  describe('refuses hostile input with sync_document_invalid and stays as it was', () => {
    const invalid = (work: () => unknown, reason: RegExp) => {
      let caught: unknown;
      try {
        work();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(NimbusError);
      expect((caught as NimbusError).code).toBe('sync_document_invalid');
      expect((caught as NimbusError).details.reason).toMatch(reason);
    };

    it('malformed, truncated or empty bytes', () => {
      const good = TopologyReplica.create(base(), ALICE).save();
      invalid(() => TopologyReplica.load(new Uint8Array([1, 2, 3, 4, 5]), BOB), /does not parse/);
      invalid(() => TopologyReplica.load(good.slice(0, good.length - 7), BOB), /does not parse/);
      invalid(() => TopologyReplica.load(new Uint8Array(), BOB), /empty/);
      invalid(() => TopologyReplica.load('not bytes' as unknown as Uint8Array, BOB), /expected bytes/);
      const replica = TopologyReplica.load(good, BOB);
      const before = replica.read();
      invalid(() => replica.receive(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 9, 9, 9])), /does not parse/);
      expect(replica.read()).toEqual(before);
      edit(replica, (doc) => void (doc.nodes[0]!.label = 'still editable'));
    });

    it('another kind of document, or changes that break the shape', () => {
      invalid(() => TopologyReplica.load(Automerge.save(Automerge.from({ title: 'notes' })), BOB), /no schemaVersion/);
      invalid(
        () => TopologyReplica.load(Automerge.save(Automerge.from({ schemaVersion: 2, nodes: {}, wires: {}, frames: {} })), BOB),
        /schemaVersion 2/,
      );
      const replica = TopologyReplica.create(base(), ALICE);
      const before = replica.read();
      const hostile = Automerge.load<Record<string, unknown>>(replica.save());
      const heads = Automerge.getHeads(hostile);
      const broken = Automerge.change(hostile, (draft) => {
        (draft.nodes as Record<string, Record<string, unknown>>).web!.position = 'far away';
      });
      invalid(() => replica.receive(Automerge.saveSince(broken, heads)), /nodes\[1\]\.position/);
      const notMap = Automerge.change(Automerge.clone(hostile), (draft) => void (draft.nodes = 5));
      invalid(() => replica.receive(Automerge.saveSince(notMap, heads)), /nodes is not a map/);
      expect(replica.read()).toEqual(before);
      expect(replica.conflicts()).toEqual([]);
      // Nothing of the refused changes stays in the document: saved and loaded, it is what it was.
      expect(replica.heads()).toEqual(heads);
      expect(TopologyReplica.load(replica.save(), BOB).read()).toEqual(before);
      const peer = TopologyReplica.load(replica.save(), BOB);
      edit(peer, (doc) => void (doc.nodes[0]!.label = 'from a peer'));
      replica.receive(peer.changesSince(replica.heads()));
      expect(replica.read().nodes[0]!.label).toBe('from a peer');
    });

    it("another topology's document, merged or received", () => {
      const replica = TopologyReplica.create(base(), ALICE);
      const before = replica.read();
      // The same topology, created a second time: a separate document, not a replica of this one.
      const other = TopologyReplica.create(base(), BOB);
      invalid(() => replica.receive(other.save()), /changes of another document/);
      invalid(() => replica.merge(other), /changes of another document/);
      expect(replica.read()).toEqual(before);
      expect(TopologyReplica.load(replica.save(), BOB).read()).toEqual(before);
      expect(replica.conflicts()).toEqual([]);
      edit(replica, (doc) => void (doc.nodes[0]!.label = 'still editable'));
    });

    it('an invalid topology from the editor is refused as invalid input', () => {
      const replica = TopologyReplica.create(base(), ALICE);
      const doc = replica.read();
      doc.wires.push({ id: 'w-x', source: { node: 'ghost', port: 'a' }, target: { node: 'web', port: 'b' } });
      expect(() => replica.apply(doc)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
      expect(replica.read()).toEqual(base());
      // A key the CRDT cannot hold is refused, never dropped without a word.
      const proto = replica.read();
      proto.nodes.push({ ...node('__proto__', 1) });
      expect(() => replica.apply(proto)).toThrow(
        expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(/nodes\[4\]\.id: __proto__ cannot be an id/) }),
      );
      expect(replica.read()).toEqual(base());
    });
  });
});

import * as Automerge from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import type { TopologyDocument, TopologyNode } from '../api/schemas/topology.js';
import type { TopologyState } from './document-shape.js';
import { readTopologyView } from './read-topology.js';
import { TopologyReplica } from './topology-document.js';

const USERS = ['5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01', '7d3a9e22-0b6c-4f1e-8e0b-2b2c4e5f6a02', 'c41d8a07-91f3-4d2b-b7a1-3c3d5e6f7a03'];
const PORTS = ['in', 'network_id', 'upstream'];

/** A small seeded generator (mulberry32), so a failing sequence can be run again. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[int(items.length)]);
  return { next, int, pick };
}

const node = (id: string, x: number): TopologyNode => ({ id, label: `node ${id}`, component: 'proxmox-vm@3', position: { x, y: 0 } });

function start(): TopologyDocument {
  const nodes = Array.from({ length: 6 }, (_, index) => node(`n${index}`, index * 100));
  return {
    schemaVersion: 1,
    nodes,
    wires: [
      { id: 'w0', source: { node: 'n0', port: 'out' }, target: { node: 'n1', port: 'in' } },
      { id: 'w1', source: { node: 'n1', port: 'out' }, target: { node: 'n2', port: 'in' } },
    ],
  };
}

/** What a replica's document reads as when read whole by `readTopologyView`, and its conflicts when loaded afresh. */
function readWhole(replica: TopologyReplica) {
  const bytes = replica.save();
  const { topology, hidden } = readTopologyView(Automerge.load<TopologyState>(bytes), 'the document');
  return { topology, hidden, conflicts: TopologyReplica.load(bytes, USERS[0]!).conflicts() };
}

type Random = ReturnType<typeof generator>;

/** One random edit of a topology as an editor would save it (always a valid topology). */
function randomEdit(doc: TopologyDocument, random: Random, counter: { next: number }): void {
  const ids = doc.nodes.map((entry) => entry.id);
  const someNode = () => random.pick(doc.nodes);
  switch (random.int(11)) {
    case 0: {
      const target = someNode();
      if (target) target.position = { x: random.int(1000), y: random.int(1000) };
      return;
    }
    case 1: {
      const target = someNode();
      if (target) target.label = `label ${random.int(5)}`;
      return;
    }
    case 2: {
      const target = someNode();
      if (target)
        target.params = {
          ...target.params,
          [random.pick(['cores', 'memory', 'tags'])!]: random.int(3) === 0 ? ['a', random.int(9)] : random.int(9),
        };
      return;
    }
    case 3: {
      const target = someNode();
      if (target?.params) {
        const key = random.pick(Object.keys(target.params));
        if (key) delete target.params[key];
        if (Object.keys(target.params).length === 0 && random.int(2) === 0) delete target.params;
      }
      return;
    }
    case 4: {
      const id = `n${counter.next++}`;
      const added = node(id, random.int(1000));
      const dependency = random.pick(ids);
      if (dependency && random.int(2) === 0) added.dependsOn = [dependency];
      doc.nodes.push(added);
      return;
    }
    case 5:
    case 6: {
      // Deleting a node (with its wires and references), perhaps while another replica edits or wires it.
      const gone = someNode();
      if (!gone) return;
      doc.nodes = doc.nodes.filter((entry) => entry.id !== gone.id);
      doc.wires = doc.wires.filter((wire) => wire.source.node !== gone.id && wire.target.node !== gone.id);
      for (const entry of doc.nodes) {
        if (entry.dependsOn) entry.dependsOn = entry.dependsOn.filter((id) => id !== gone.id);
      }
      return;
    }
    case 7: {
      const source = random.pick(ids);
      const target = random.pick(ids);
      const port = random.pick(PORTS)!;
      if (!source || !target || source === target) return;
      if (doc.wires.some((wire) => wire.target.node === target && wire.target.port === port)) return;
      doc.wires.push({ id: `w${counter.next++}`, source: { node: source, port: 'out' }, target: { node: target, port } });
      return;
    }
    case 8: {
      const wire = random.pick(doc.wires);
      if (wire) doc.wires = doc.wires.filter((candidate) => candidate !== wire);
      return;
    }
    case 9: {
      if (doc.frames && random.int(2) === 0) delete doc.frames;
      else
        doc.frames = [
          ...(doc.frames ?? []),
          { id: `f${counter.next++}`, label: 'frame', position: { x: 0, y: 0 }, size: { width: 10, height: 10 } },
        ];
      return;
    }
    default: {
      // The editor moves an item in the list (a new order).
      if (doc.nodes.length > 1) doc.nodes.push(doc.nodes.shift()!);
    }
  }
}

describe('TopologyReplica reading only what changed', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`reads after each edit, merge and resolve exactly what a whole read gives (random sequence ${seed})`, () => {
      const random = generator(seed);
      const counter = { next: 100 };
      const origin = TopologyReplica.create(start(), 'server');
      const bytes = origin.save();
      const replicas = USERS.map((user) => TopologyReplica.load(bytes, user));
      let merges = 0;
      let resolves = 0;
      let conflictsSeen = 0;
      for (let step = 0; step < 160; step += 1) {
        const at = random.int(replicas.length);
        const replica = replicas[at]!;
        const roll = random.int(10);
        if (roll < 5) {
          const doc = replica.read();
          randomEdit(doc, random, counter);
          replica.apply(doc);
        } else if (roll < 8) {
          const from = replicas[(at + 1 + random.int(replicas.length - 1)) % replicas.length]!;
          replica.receive(from.changesSince(replica.heads()));
          merges += 1;
        } else {
          const conflict = random.pick(replica.conflicts());
          if (conflict) {
            replica.resolve(conflict.path, random.pick(conflict.values)!.id);
            resolves += 1;
          }
        }
        const whole = readWhole(replica);
        conflictsSeen += whole.conflicts.length;
        expect(replica.read(), `step ${step}`).toEqual(whole.topology);
        expect(replica.conflicts(), `step ${step}`).toEqual(whole.conflicts);
        expect(replica.nodeCount()).toBe(whole.topology.nodes.length);
      }
      // The sequence did what it is meant to try.
      expect(merges).toBeGreaterThan(20);
      expect(resolves).toBeGreaterThan(0);
      expect(conflictsSeen).toBeGreaterThan(0);
      // And every replica ends with one topology once all have everything.
      for (const replica of replicas) {
        for (const other of replicas) {
          replica.receive(other.changesSince(replica.heads()));
          expect(replica.read()).toEqual(readWhole(replica).topology);
        }
      }
      const final = readWhole(replicas[0]!).topology;
      for (const replica of replicas) expect(replica.read()).toEqual(final);
    });
  }

  it('reads a node deleted on one replica while edited on another, resolved either way, as a whole read does', () => {
    const origin = TopologyReplica.create(start(), 'server');
    const bytes = origin.save();
    const [alice, bob] = [TopologyReplica.load(bytes, USERS[0]!), TopologyReplica.load(bytes, USERS[1]!)];
    const aliceDoc = alice.read();
    aliceDoc.nodes = aliceDoc.nodes.filter((entry) => entry.id !== 'n1');
    aliceDoc.wires = aliceDoc.wires.filter((wire) => wire.source.node !== 'n1' && wire.target.node !== 'n1');
    alice.apply(aliceDoc);
    const bobDoc = bob.read();
    bobDoc.nodes.find((entry) => entry.id === 'n1')!.label = 'kept by bob';
    bob.apply(bobDoc);
    // Both orders of actors: whichever value the CRDT shows, the reading follows the resolution.
    for (const [into, from] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      into.receive(from.changesSince(into.heads()));
      expect(into.read()).toEqual(readWhole(into).topology);
    }
    const conflict = alice.conflicts().find((candidate) => candidate.kind === 'deleted-while-edited')!;
    alice.resolve(conflict.path, conflict.values.find((value) => value.value === 'deleted')!.id);
    expect(alice.read().nodes.some((entry) => entry.id === 'n1')).toBe(false);
    expect(alice.read()).toEqual(readWhole(alice).topology);
    bob.receive(alice.changesSince(bob.heads()));
    expect(bob.read().nodes.some((entry) => entry.id === 'n1')).toBe(false);
    expect(bob.read()).toEqual(readWhole(bob).topology);
  });
});

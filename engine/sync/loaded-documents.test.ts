import { describe, expect, it } from 'vitest';
import { LoadedDocuments } from './loaded-documents.js';
import { TopologyReplica } from './topology-document.js';

const topology = {
  schemaVersion: 1 as const,
  nodes: [{ id: 'a', label: 'a', component: 'local-file@1', position: { x: 0, y: 0 } }],
  wires: [],
};

describe('LoadedDocuments', () => {
  it('gives a kept document back once, at its version only, and keeps the newest version', () => {
    const loaded = new LoadedDocuments();
    const replica = TopologyReplica.create(topology, 'ann');
    loaded.keep('t1', 3, replica);
    expect(loaded.take('t1', 4)).toBeUndefined();
    // A miss checks the stale one out too: the next caller loads from the store.
    expect(loaded.take('t1', 3)).toBeUndefined();
    loaded.keep('t1', 5, replica);
    const older = TopologyReplica.create(topology, 'bob');
    loaded.keep('t1', 4, older);
    expect(loaded.take('t1', 5)).toBe(replica);
    expect(loaded.take('t1', 5)).toBeUndefined();
  });

  it('drops the least recently kept beyond its limit, and forgets on request', () => {
    const loaded = new LoadedDocuments(2);
    for (const key of ['a', 'b', 'c']) loaded.keep(key, 1, TopologyReplica.create(topology, 'ann'));
    expect(loaded.take('a', 1)).toBeUndefined();
    expect(loaded.take('c', 1)).toBeDefined();
    loaded.keep('b', 1, TopologyReplica.create(topology, 'ann'));
    loaded.forget('b');
    expect(loaded.take('b', 1)).toBeUndefined();
  });

  it("hands a replica to another user under that user's own actor, keeping what it read", () => {
    const ann = TopologyReplica.create(topology, 'ann');
    expect(ann.forUser('ann')).toBe(ann);
    const bob = ann.forUser('bob');
    expect(bob.userId).toBe('bob');
    expect(bob.actor).not.toBe(ann.actor);
    expect(bob.read()).toEqual(ann.read());
    bob.apply({ ...topology, nodes: [{ ...topology.nodes[0]!, label: 'by bob' }] });
    // The copy's change is the copy's: the original is unchanged until it receives it.
    expect(ann.read().nodes[0]!.label).toBe('a');
    ann.receive(bob.changesSince(ann.heads()));
    expect(ann.read().nodes[0]!.label).toBe('by bob');
  });
});

import { describe, expect, it } from 'vitest';
import type { TopologyDocument, TopologyNode } from '../../../../engine/api/contract';
import { documentKey } from '../document-key';
import { mergeRemote } from './document-merge';

const node = (id: string, extra: Partial<TopologyNode> = {}): TopologyNode => ({
  id,
  label: id,
  component: 'vm@1.0.0',
  position: { x: 0, y: 0 },
  ...extra,
});
const wire = (id: string, source: string, target: string, port = 'in') => ({
  id,
  source: { node: source, port: 'out' },
  target: { node: target, port },
});
const doc = (nodes: TopologyNode[], wires: ReturnType<typeof wire>[] = []): TopologyDocument => ({ schemaVersion: 1, nodes, wires });

describe('mergeRemote', () => {
  const base = doc([node('a', { params: { cores: 1 } }), node('b')], [wire('w1', 'a', 'b')]);

  it('is the remote document when nothing changed here', () => {
    const remote = doc([node('a', { params: { cores: 4 } }), node('c')], []);
    expect(documentKey(mergeRemote(base, base, remote))).toBe(documentKey(remote));
  });

  it('keeps a local edit of one parameter and takes the remote edit of another field of the same node', () => {
    const local = doc([node('a', { params: { cores: 2 } }), node('b')], [wire('w1', 'a', 'b')]);
    const remote = doc([node('a', { label: 'web', params: { cores: 1, memory: 512 } }), node('b')], [wire('w1', 'a', 'b')]);
    const merged = mergeRemote(base, local, remote);
    expect(merged.nodes.find((entry) => entry.id === 'a')).toEqual(node('a', { label: 'web', params: { cores: 2, memory: 512 } }));
  });

  it('keeps the local value where both sides set the same field', () => {
    const local = doc([node('a', { params: { cores: 2 } }), node('b')], [wire('w1', 'a', 'b')]);
    const remote = doc([node('a', { params: { cores: 8 } }), node('b')], [wire('w1', 'a', 'b')]);
    expect(mergeRemote(base, local, remote).nodes[0]?.params).toEqual({ cores: 2 });
  });

  it('keeps nodes added here and takes nodes added there', () => {
    const local = doc([...base.nodes, node('mine')], base.wires);
    const remote = doc([...base.nodes, node('theirs')], base.wires);
    expect(mergeRemote(base, local, remote).nodes.map((entry) => entry.id)).toEqual(['a', 'b', 'mine', 'theirs']);
  });

  it('drops a node deleted there with its wires, unless it was edited here', () => {
    const remote = doc([node('a', { params: { cores: 1 } })], []);
    expect(mergeRemote(base, base, remote).wires).toEqual([]);
    const local = doc([node('a', { params: { cores: 1 } }), node('b', { label: 'kept' })], [wire('w1', 'a', 'b')]);
    const merged = mergeRemote(base, local, remote);
    expect(merged.nodes.map((entry) => entry.id)).toEqual(['a', 'b']);
    // The wire was deleted there and not touched here: it goes.
    expect(merged.wires).toEqual([]);
  });

  it('drops a local wire whose node the other side deleted, and keeps one wire per input', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const start = doc(nodes);
    const local = doc(nodes, [wire('mine', 'a', 'c')]);
    const remote = doc(nodes, [wire('theirs', 'b', 'c')]);
    expect(mergeRemote(start, local, remote).wires.map((entry) => entry.id)).toEqual(['mine']);
    const gone = doc([node('b'), node('c')]);
    expect(mergeRemote(start, local, gone).wires).toEqual([]);
  });

  it('ignores key order when deciding what changed', () => {
    const local = doc([node('a', { params: { cores: 1 } }), { ...node('b'), position: { y: 0, x: 0 } }], base.wires);
    const remote = doc([node('a', { params: { cores: 1 } }), node('b', { position: { x: 50, y: 0 } })], base.wires);
    expect(mergeRemote(base, local, remote).nodes[1]?.position).toEqual({ x: 50, y: 0 });
  });

  it('merges frames by id', () => {
    const frame = { id: 'f', label: 'zone', position: { x: 0, y: 0 }, size: { width: 10, height: 10 } };
    const remote = { ...base, frames: [frame] };
    expect(mergeRemote(base, base, remote).frames).toEqual([frame]);
    expect(mergeRemote(remote, remote, base).frames).toBeUndefined();
  });
});

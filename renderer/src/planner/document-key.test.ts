import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../../engine/api/contract';
import { documentKey } from './document-key';

const a = { id: 'a', label: 'node-1', component: 'local-file', position: { x: 0, y: 0 } };
const b = { id: 'b', label: 'node-2', component: 'local-file', position: { x: 260, y: 0 } };
const wire = { id: 'w', source: { node: 'a', port: 'out' }, target: { node: 'b', port: 'in' } };

describe('documentKey', () => {
  it('ignores the order of nodes and wires', () => {
    const one: TopologyDocument = { schemaVersion: 1, nodes: [a, b], wires: [wire] };
    const two: TopologyDocument = { schemaVersion: 1, nodes: [b, a], wires: [wire] };
    expect(documentKey(one)).toBe(documentKey(two));
  });

  it('changes when a node moves or a wire goes', () => {
    const base: TopologyDocument = { schemaVersion: 1, nodes: [a, b], wires: [wire] };
    expect(documentKey({ ...base, nodes: [a, { ...b, position: { x: 261, y: 0 } }] })).not.toBe(documentKey(base));
    expect(documentKey({ ...base, wires: [] })).not.toBe(documentKey(base));
  });
});

describe('documentKey and parameters', () => {
  it('changes when a parameter changes, not when its keys are listed in another order', () => {
    const base: TopologyDocument = { schemaVersion: 1, nodes: [{ ...a, params: { cores: 1, name: 'x' } }], wires: [] };
    expect(documentKey({ ...base, nodes: [{ ...a, params: { name: 'x', cores: 1 } }] })).toBe(documentKey(base));
    expect(documentKey({ ...base, nodes: [{ ...a, params: { cores: 2, name: 'x' } }] })).not.toBe(documentKey(base));
    expect(documentKey({ ...base, nodes: [a] })).not.toBe(documentKey(base));
  });
});

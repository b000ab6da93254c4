import { describe, expect, it } from 'vitest';
import { buildNodesPayload, parseNodesPayload, remapNodesPayload } from './clipboard-payload';

const node = (id: string, label: string, x: number, dependsOn?: string[]) => ({
  id,
  label,
  component: 'local-vm@1',
  position: { x, y: 0 },
  params: { cores: 2 },
  ...(dependsOn ? { dependsOn } : {}),
});
const wire = (id: string, from: string, to: string) => ({
  id,
  source: { node: from, port: 'network_id' },
  target: { node: to, port: 'network_id' },
});

const document = {
  nodes: [node('net', 'network-1', 0), node('vm', 'vm-1', 300, ['net', 'dns']), node('dns', 'dns-1', 600)],
  wires: [wire('w1', 'net', 'vm'), wire('w2', 'vm', 'dns')],
};

describe('clipboard payload', () => {
  it('keeps only the wires and dependencies inside the copied set', () => {
    const payload = buildNodesPayload(document, ['net', 'vm']);
    expect(payload.kind).toBe('nimbus-nodes');
    expect(payload.nodes.map((entry) => entry.id)).toEqual(['net', 'vm']);
    expect(payload.nodes[1]?.dependsOn).toEqual(['net']);
    expect(payload.wires.map((entry) => entry.id)).toEqual(['w1']);
  });

  it('round-trips through text and refuses anything else', () => {
    const payload = buildNodesPayload(document, ['vm']);
    expect(parseNodesPayload(JSON.stringify(payload))).toEqual(payload);
    expect(parseNodesPayload('hello')).toBeNull();
    expect(parseNodesPayload(JSON.stringify({ kind: 'other', nodes: [], wires: [] }))).toBeNull();
  });

  it('pastes with new ids, unique labels, an offset, params kept and wires remapped', () => {
    let next = 0;
    const pasted = remapNodesPayload(buildNodesPayload(document, ['net', 'vm']), {
      existingLabels: document.nodes.map((entry) => entry.label),
      newId: () => `new-${++next}`,
      offset: { x: 40, y: 40 },
    });
    expect(pasted.nodes.map((entry) => [entry.id, entry.label, entry.position.x, entry.position.y])).toEqual([
      ['new-1', 'network-2', 40, 40],
      ['new-2', 'vm-2', 340, 40],
    ]);
    expect(pasted.nodes[1]?.params).toEqual({ cores: 2 });
    expect(pasted.nodes[1]?.dependsOn).toEqual(['new-1']);
    expect(pasted.wires).toEqual([
      { id: 'new-3', source: { node: 'new-1', port: 'network_id' }, target: { node: 'new-2', port: 'network_id' } },
    ]);
  });

  it('keeps a label that is free and numbers labels without a number', () => {
    const pasted = remapNodesPayload(
      { kind: 'nimbus-nodes', nodes: [node('a', 'web', 0), node('b', 'api-7', 0)], wires: [] },
      { existingLabels: ['web'], newId: () => Math.random().toString(36), offset: { x: 0, y: 0 } },
    );
    expect(pasted.nodes.map((entry) => entry.label)).toEqual(['web-1', 'api-7']);
  });
});

import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../../../engine/api/schemas/topology';
import { topologyToSvg } from './topology-svg';

const document: TopologyDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'network <edge>', component: 'local-network@1', position: { x: 0, y: 0 } },
    { id: 'web', label: 'web', component: 'local-vm@1', position: { x: 400, y: 100 } },
  ],
  wires: [{ id: 'w', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } }],
};

describe('topologyToSvg', () => {
  it('draws every node and wire, escapes text and frames the picture around the nodes', () => {
    const svg = topologyToSvg(document, (id) => ({ portRows: id === 'net' ? 1 : 3, status: 'valid' }), { title: 'Edge & core' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g data-node=/g)).toHaveLength(2);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('network &lt;edge&gt;');
    expect(svg).toContain('Edge &amp; core');
    expect(svg).toContain('network_id → network_id');
    expect(svg).toMatch(/viewBox="-40 -70 /);
  });

  it('draws an empty topology as an empty picture', () => {
    const svg = topologyToSvg({ schemaVersion: 1, nodes: [], wires: [] }, () => ({ portRows: 1 }));
    expect(svg).toContain('width="320"');
    expect(svg).not.toContain('<g ');
  });
});

import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../../../engine/api/schemas/topology';
import { ARRANGE_LAYER_GAP, ARRANGE_NODE_GAP, autoArrange } from './auto-arrange';

const node = (id: string, x = 0, y = 0, dependsOn?: string[]) => ({
  id,
  label: id,
  component: 'local-vm@1',
  position: { x, y },
  ...(dependsOn ? { dependsOn } : {}),
});

describe('autoArrange', () => {
  it('lays nodes out left to right by dependency without overlaps', async () => {
    const document: TopologyDocument = {
      schemaVersion: 1,
      nodes: [node('dns', 900, 900), node('web', 500, 20), node('net', 300, 300), node('db', 10, 10, ['net'])],
      wires: [
        { id: 'a', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } },
        { id: 'b', source: { node: 'web', port: 'name' }, target: { node: 'dns', port: 'hostname' } },
      ],
    };
    const positions = await autoArrange(document, () => ({ width: 240, height: 150 }));
    const x = (id: string) => positions.get(id)!.x;
    expect(x('net')).toBeLessThan(x('web'));
    expect(x('web')).toBeLessThan(x('dns'));
    expect(x('net')).toBeLessThan(x('db'));
    const boxes = [...positions.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 240 || Math.abs(a.y - b.y) >= 150).toBe(true);
    }
    expect(Math.min(...boxes.map((p) => p.x))).toBe(10);
    expect(Math.min(...boxes.map((p) => p.y))).toBe(10);
  });

  it('leaves readable gaps between nodes, columns and unconnected groups', async () => {
    const size = { width: 240, height: 150 };
    const document: TopologyDocument = {
      schemaVersion: 1,
      nodes: [node('net'), node('a', 5, 5), node('b', 10, 10), node('c', 15, 15), node('lonely', 20, 20), node('alone', 25, 25)],
      wires: ['a', 'b', 'c'].map((id) => ({ id, source: { node: 'net', port: 'network_id' }, target: { node: id, port: 'network_id' } })),
    };
    const positions = await autoArrange(document, () => size);
    const boxes = [...positions.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const gapX = Math.max(a.x, b.x) - Math.min(a.x, b.x) - size.width;
        const gapY = Math.max(a.y, b.y) - Math.min(a.y, b.y) - size.height;
        expect(gapX >= ARRANGE_NODE_GAP || gapY >= ARRANGE_NODE_GAP).toBe(true);
      }
    }
    // A wired node sits a whole layer gap right of what feeds it.
    for (const id of ['a', 'b', 'c'])
      expect(positions.get(id)!.x - positions.get('net')!.x - size.width).toBeGreaterThanOrEqual(ARRANGE_LAYER_GAP);
  });

  it('returns nothing for an empty topology', async () => {
    expect((await autoArrange({ schemaVersion: 1, nodes: [], wires: [] }, () => ({ width: 1, height: 1 }))).size).toBe(0);
  });
});

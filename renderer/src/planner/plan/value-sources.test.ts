import { describe, expect, it } from 'vitest';
import type { NodeResolution } from '../../api/entities';
import { nodesInWaveOrder } from './value-sources';

const node = (nodeId: string): NodeResolution => ({ nodeId, label: nodeId, component: 'vm@1', status: 'valid', values: {}, issues: [] });

describe('nodesInWaveOrder', () => {
  it('orders nodes wave by wave and keeps nodes no wave names', () => {
    const nodes = [node('c'), node('a'), node('x'), node('b')];
    expect(nodesInWaveOrder([['a', 'b'], ['c']], nodes).map((entry) => entry.nodeId)).toEqual(['a', 'b', 'c', 'x']);
  });
});

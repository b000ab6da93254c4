import { describe, expect, it } from 'vitest';
import type { IpamPool } from '../../api/entities';
import { buildPoolTree, cidrStart, flattenPoolTree } from './pool-tree';

const pool = (id: string, cidr: string, parentId: string | null = null): IpamPool => ({
  id,
  scope: 'global',
  name: id,
  cidr,
  family: cidr.includes(':') ? 6 : 4,
  gateway: null,
  parentId,
  size: '256',
  used: '0',
  utilisation: 0,
});

describe('buildPoolTree', () => {
  it('nests children under parents in address order, orphans as roots', () => {
    const tree = buildPoolTree([
      pool('b', '10.20.2.0/24', 'lab'),
      pool('lab', '10.20.0.0/16'),
      pool('a', '10.20.1.0/24', 'lab'),
      pool('v6', 'fd00::/48'),
      pool('edge', '10.3.0.0/16'),
      pool('orphan', '192.168.0.0/24', 'missing'),
    ]);
    expect(flattenPoolTree(tree).map((node) => `${'  '.repeat(node.depth)}${node.pool.name}`)).toEqual([
      'edge',
      'lab',
      '  a',
      '  b',
      'orphan',
      'v6',
    ]);
  });

  it('orders by the numeric address, not the text', () => {
    expect(cidrStart('10.9.0.0/16') < cidrStart('10.10.0.0/16')).toBe(true);
    expect(cidrStart('fd00::1/128') > cidrStart('255.255.255.255/32')).toBe(true);
    expect(cidrStart('fd00::/16') < cidrStart('fd00:0:0:1::/64')).toBe(true);
  });
});

import type { IpamPool } from '../../api/entities';

export interface PoolNode {
  pool: IpamPool;
  depth: number;
  children: PoolNode[];
}

/** The numeric start of a CIDR, for ordering pools by address; IPv4 before IPv6. */
export function cidrStart(cidr: string): bigint {
  const address = cidr.split('/')[0] ?? '';
  if (address.includes('.') && !address.includes(':')) {
    return address.split('.').reduce((value, octet) => (value << 8n) + BigInt(Number(octet) || 0), 0n);
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  // Offset IPv6 past the whole IPv4 space so the two families never interleave.
  return groups.reduce((value, group) => (value << 16n) + BigInt(parseInt(group, 16) || 0), 0n) + (1n << 32n);
}

const byAddress = (a: PoolNode, b: PoolNode): number => {
  const left = cidrStart(a.pool.cidr);
  const right = cidrStart(b.pool.cidr);
  return left < right ? -1 : left > right ? 1 : a.pool.name.localeCompare(b.pool.name);
};

/** Nests pools under their parents (a pool whose parent is not listed becomes a root), siblings in address order. */
export function buildPoolTree(pools: readonly IpamPool[]): PoolNode[] {
  const nodes = new Map(pools.map((pool) => [pool.id, { pool, depth: 0, children: [] as PoolNode[] }]));
  const roots: PoolNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.pool.parentId ? nodes.get(node.pool.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const settle = (list: PoolNode[], depth: number) => {
    list.sort(byAddress);
    for (const node of list) {
      node.depth = depth;
      settle(node.children, depth + 1);
    }
  };
  settle(roots, 0);
  return roots;
}

/** The tree in display order, each pool after its parent. */
export function flattenPoolTree(roots: readonly PoolNode[]): PoolNode[] {
  return roots.flatMap((node) => [node, ...flattenPoolTree(node.children)]);
}

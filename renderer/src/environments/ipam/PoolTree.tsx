import type { IpamPool } from '../../api/entities';
import { formatCount } from './format-count';
import { buildPoolTree, type PoolNode } from './pool-tree';
import { UtilisationBar } from './UtilisationBar';

export interface PoolTreeProps {
  pools: readonly IpamPool[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** Pools nested under their parent pools; each row shows CIDR, gateway and how full the pool is. */
export function PoolTree({ pools, selectedId, onSelect }: PoolTreeProps) {
  const branch = (nodes: PoolNode[], depth: number) => (
    <ul className={depth === 0 ? 'pool-tree' : 'pool-tree pool-tree--nested'} data-testid={depth === 0 ? 'pool-tree' : undefined}>
      {nodes.map((node) => (
        <li key={node.pool.id}>
          <PoolRow node={node} selected={node.pool.id === selectedId} onSelect={onSelect} />
          {node.children.length > 0 && branch(node.children, depth + 1)}
        </li>
      ))}
    </ul>
  );
  return branch(buildPoolTree(pools), 0);
}

function PoolRow({ node, selected, onSelect }: { node: PoolNode; selected: boolean; onSelect(id: string): void }) {
  const { pool } = node;
  return (
    <button
      type="button"
      className={`pool-row${selected ? ' pool-row--selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(pool.id)}
      data-testid="pool-row"
      data-name={pool.name}
      data-depth={node.depth}
      data-parent={pool.parentId ?? ''}
    >
      <span className="pool-row__main">
        <span className="pool-row__name">{pool.name}</span>
        <span className="pool-row__cidr mono" data-testid="pool-cidr">
          {pool.cidr}
        </span>
      </span>
      <span className="pool-row__meta">
        <span className="muted">{pool.gateway ? `gateway ${pool.gateway}` : 'no gateway'}</span>
        <span className="pool-row__usage" data-testid="pool-usage">
          {formatCount(pool.used)} / {formatCount(pool.size)}
        </span>
      </span>
      <UtilisationBar fraction={pool.utilisation} label={`${pool.name} utilisation`} />
    </button>
  );
}

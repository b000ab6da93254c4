import type { TopologySummary } from '../../../engine/api/contract';
import { Icon } from '../ui/Icon';

export interface TopologyListProps {
  topologies: TopologySummary[] | null;
  openId: string | null;
  onOpen(id: string): void;
  onCreate(): void;
}

export function TopologyList({ topologies, openId, onOpen, onCreate }: TopologyListProps) {
  return (
    <aside className="side-list" aria-label="Topologies">
      <div className="side-list__header">
        <h2 className="side-list__title">Topologies</h2>
        <button type="button" className="button button--small" onClick={onCreate} data-testid="new-topology">
          <Icon name="plus" size={14} />
          <span>New topology</span>
        </button>
      </div>
      {topologies === null ? (
        <div className="side-list__hint">Loading…</div>
      ) : topologies.length === 0 ? (
        <div className="side-list__hint">None yet.</div>
      ) : (
        <ul className="side-list__items" data-testid="topology-list">
          {topologies.map((topology) => (
            <li key={topology.id}>
              <button
                type="button"
                className={`side-list__item${topology.id === openId ? ' side-list__item--active' : ''}`}
                aria-current={topology.id === openId ? 'true' : undefined}
                onClick={() => onOpen(topology.id)}
                data-testid="topology-item"
                data-topology-id={topology.id}
              >
                <Icon name="graph" size={16} />
                <span className="side-list__item-text">
                  <span className="side-list__item-name">{topology.name}</span>
                  <span className="side-list__item-meta">
                    {topology.nodeCount} {topology.nodeCount === 1 ? 'node' : 'nodes'} · rev {topology.revision}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

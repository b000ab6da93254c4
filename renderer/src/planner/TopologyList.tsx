import { useMemo } from 'react';
import type { TopologySummary } from '../../../engine/api/contract';
import { Icon } from '../ui/Icon';
import { SideList } from '../ui/SideList';
import type { RecentFile } from './files/recent-files';
import { RecentFiles } from './files/RecentFiles';
import './files/planner-files.css';

export interface TopologyListProps {
  topologies: TopologySummary[] | null;
  openId: string | null;
  /** Topology files opened or exported lately, listed under the topologies. */
  recentFiles: RecentFile[];
  onOpen(id: string): void;
  onCreate(): void;
  /** Collapses the list, leaving the canvas the room (Shift+L brings it back). */
  onHide(): void;
}

export function TopologyList({ topologies, openId, recentFiles, onOpen, onCreate, onHide }: TopologyListProps) {
  const items =
    topologies?.map((topology) => ({
      id: topology.id,
      name: topology.name,
      meta: `${topology.nodeCount} ${topology.nodeCount === 1 ? 'node' : 'nodes'} · rev ${topology.revision}`,
    })) ?? null;
  const known = useMemo(() => new Set(topologies?.map((topology) => topology.id) ?? []), [topologies]);
  return (
    <div className="topology-sidebar">
      <button
        type="button"
        className="button button--icon button--ghost button--small topology-sidebar__hide"
        title="Hide the topologies (Shift+L)"
        aria-label="Hide the topologies"
        aria-expanded="true"
        onClick={onHide}
        data-testid="topology-list-hide"
      >
        <Icon name="back" size={14} />
      </button>
      <SideList
        title="Topologies"
        items={items}
        activeId={openId}
        icon="graph"
        createLabel="New topology"
        emptyHint="None yet."
        testIdPrefix="topology"
        onOpen={onOpen}
        onCreate={onCreate}
        createMethod="createTopology"
      />
      <RecentFiles files={recentFiles} known={known} onOpen={onOpen} />
    </div>
  );
}

import { useMemo } from 'react';
import type { TopologySummary } from '../../../engine/api/contract';
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
}

export function TopologyList({ topologies, openId, recentFiles, onOpen, onCreate }: TopologyListProps) {
  const items =
    topologies?.map((topology) => ({
      id: topology.id,
      name: topology.name,
      meta: `${topology.nodeCount} ${topology.nodeCount === 1 ? 'node' : 'nodes'} · rev ${topology.revision}`,
    })) ?? null;
  const known = useMemo(() => new Set(topologies?.map((topology) => topology.id) ?? []), [topologies]);
  return (
    <div className="topology-sidebar">
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
      />
      <RecentFiles files={recentFiles} known={known} onOpen={onOpen} />
    </div>
  );
}

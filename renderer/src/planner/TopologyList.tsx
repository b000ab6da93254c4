import type { TopologySummary } from '../../../engine/api/contract';
import { SideList } from '../ui/SideList';

export interface TopologyListProps {
  topologies: TopologySummary[] | null;
  openId: string | null;
  onOpen(id: string): void;
  onCreate(): void;
}

export function TopologyList({ topologies, openId, onOpen, onCreate }: TopologyListProps) {
  const items =
    topologies?.map((topology) => ({
      id: topology.id,
      name: topology.name,
      meta: `${topology.nodeCount} ${topology.nodeCount === 1 ? 'node' : 'nodes'} · rev ${topology.revision}`,
    })) ?? null;
  return (
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
  );
}

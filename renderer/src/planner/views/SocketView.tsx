import type { ClassicPreset } from 'rete';

export function SocketView({ data }: { data: ClassicPreset.Socket }) {
  return <div className="planner-socket" title={data.name} />;
}

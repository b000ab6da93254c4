import type { PlannerSocket } from '../planner-socket';

/** A socket, coloured by what it carries (reference, text, number, …); its tooltip names the type. */
export function SocketView({ data }: { data: PlannerSocket }) {
  return <div className={`planner-socket planner-socket--${data.tone}`} title={data.name} />;
}

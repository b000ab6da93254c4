import type { RenderEmit } from 'rete-react-plugin';
import { describePort } from '../contracts/port-spec';
import type { PlannerSocket } from '../planner-socket';
import type { PlannerSchemes } from '../schemes';
import { InlineSocket } from './InlineSocket';

export interface PortViewProps {
  side: 'input' | 'output';
  portKey: string;
  label: string;
  socket: PlannerSocket;
  nodeId: string;
  emit: RenderEmit<PlannerSchemes>;
}

/** One port of a node. The socket sits on the node's edge: before the label for an input, after it for an output. */
export function PortView({ side, portKey, label, socket, nodeId, emit }: PortViewProps) {
  const socketView = <InlineSocket side={side} portKey={portKey} nodeId={nodeId} socket={socket} emit={emit} />;
  const description = socket.spec.description ? `\n${socket.spec.description}` : '';
  const labelView = (
    <span className="planner-port__label" title={`${portKey}: ${describePort(socket.spec)}${description}`}>
      {label}
    </span>
  );
  return (
    <div className={`planner-port planner-port--${side}`} data-port={portKey}>
      {side === 'input' ? socketView : labelView}
      {side === 'input' ? labelView : socketView}
    </div>
  );
}

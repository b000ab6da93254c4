import { useEffect, useRef } from 'react';
import type { RenderEmit } from 'rete-react-plugin';
import type { PlannerSocket } from '../planner-socket';
import type { PlannerSchemes } from '../schemes';
import { SocketView } from './SocketView';

export interface InlineSocketProps {
  side: 'input' | 'output';
  portKey: string;
  nodeId: string;
  socket: PlannerSocket;
  emit: RenderEmit<PlannerSchemes>;
}

/**
 * A socket drawn inside its node's own React tree. Rete's `RefSocket` asks the React plugin to mount
 * every socket as a React root of its own (a root costs over a hundred native event listeners and a
 * synchronous render: most of the time spent opening a large canvas). Here the socket is rendered
 * inline, and the area is still told about its element, marked `filled` so the React plugin leaves it
 * alone: the connection plugin picks wires up from it, socket positions are measured from it
 * (`rendered`), and wire hints find it, exactly as with `RefSocket`.
 */
export function InlineSocket({ side, portKey, nodeId, socket, emit }: InlineSocketProps) {
  const ref = useRef<HTMLSpanElement>(null);
  // The node view passes a new `emit` on every render; the socket is announced again only when it changes.
  const emitRef = useRef(emit);
  useEffect(() => {
    emitRef.current = emit;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const data = { type: 'socket', side, key: portKey, nodeId, element, payload: socket } as const;
    emitRef.current({ type: 'render', data: { ...data, filled: true } });
    emitRef.current({ type: 'rendered', data });
    return () => emitRef.current({ type: 'unmount', data: { element } });
  }, [side, portKey, nodeId, socket]);
  return (
    <span ref={ref} className="planner-port__socket" data-testid={`node-${side}-socket`} data-port={portKey}>
      <SocketView data={socket} />
    </span>
  );
}

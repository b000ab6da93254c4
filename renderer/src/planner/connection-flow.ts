import type { NodeEditor } from 'rete';
import { ClassicFlow, getSourceTarget, type SocketData } from 'rete-connection-plugin';
import { PlannerConnection } from './planner-connection';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';
import { checkWire, describeWire, type WireEnds } from './wire-check';

export interface ConnectionFlowOptions {
  editor: NodeEditor<PlannerSchemes>;
  /** A drop onto an incompatible socket: `wire` names it, `reason` says why. */
  onRefused(wire: string, reason: string): void;
  /** Ends the drag after a refusal, so the draft wire does not keep following the pointer. */
  cancelDrag(): void;
}

const endsOf = (from: SocketData, to: SocketData): WireEnds | null => {
  const [source, target] = getSourceTarget(from, to) ?? [];
  if (!source || !target) return null;
  return { source: source.nodeId, output: source.key, target: target.nodeId, input: target.key };
};

/**
 * How dragging between sockets makes wires: always output → input, never a node to itself, only
 * between compatible sockets (see `wireRefusal`), and as a PlannerConnection so it serializes like a
 * loaded one. Dropping onto an incompatible socket is refused with the reason; dropping onto an input
 * that already has a wire replaces that wire (the flow removes it first, in the same undo step).
 */
export function createConnectionFlow({
  editor,
  onRefused,
  cancelDrag,
}: ConnectionFlowOptions): ClassicFlow<PlannerSchemes, PlannerAreaExtra[]> {
  return new ClassicFlow<PlannerSchemes, PlannerAreaExtra[]>({
    canMakeConnection(from, to) {
      // Releasing on the socket the drag started from keeps the wire picked (click, then click the other end).
      if (from.nodeId === to.nodeId && from.key === to.key && from.side === to.side) return false;
      const ends = endsOf(from, to);
      const reason = ends ? checkWire(editor, ends) : from.side === to.side ? `connect an output to an input, not two ${from.side}s` : null;
      if (reason === null) return true;
      onRefused(ends ? describeWire(editor, ends) : 'these sockets', reason);
      // After the plugin has finished handling this pointer event.
      setTimeout(cancelDrag, 0);
      return false;
    },
    makeConnection(from, to, context) {
      const ends = endsOf(from, to);
      const sourceNode = ends && context.editor.getNode(ends.source);
      const targetNode = ends && context.editor.getNode(ends.target);
      if (!ends || !sourceNode || !targetNode) return false;
      void context.editor.addConnection(new PlannerConnection(sourceNode, ends.output, targetNode, ends.input));
      return true;
    },
  });
}

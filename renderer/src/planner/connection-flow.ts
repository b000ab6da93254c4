import { ClassicFlow, getSourceTarget } from 'rete-connection-plugin';
import { PlannerConnection } from './planner-connection';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';

/**
 * How dragging between sockets makes wires: always output → input, never a node to itself (the
 * document rejects loops), and as a PlannerConnection so it serializes like a loaded one.
 */
export function createConnectionFlow(): ClassicFlow<PlannerSchemes, PlannerAreaExtra[]> {
  return new ClassicFlow<PlannerSchemes, PlannerAreaExtra[]>({
    canMakeConnection(from, to) {
      const ends = getSourceTarget(from, to);
      return Boolean(ends && ends[0]?.nodeId !== ends[1]?.nodeId);
    },
    makeConnection(from, to, context) {
      const [source, target] = getSourceTarget(from, to) ?? [];
      const sourceNode = source && context.editor.getNode(source.nodeId);
      const targetNode = target && context.editor.getNode(target.nodeId);
      if (!source || !target || !sourceNode || !targetNode || sourceNode === targetNode) return false;
      void context.editor.addConnection(new PlannerConnection(sourceNode, source.key, targetNode, target.key));
      return true;
    },
  });
}

import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import type { Point } from './diagram-layout';
import { edgeBends, edgeShape, loopShape, type EdgeShape } from './edge-geometry';
import { labelSize, placeLabels } from './label-placement';

export interface PlacedEdge {
  /** The transition's index in the machine. */
  index: number;
  transition: StackTransition;
  shape: EdgeShape;
  /** Where its label's centre sits: on or beside its line, clear of states. */
  labelAt: Point;
}

/**
 * Every drawable transition with its arrow and its label's place, for states at `positions`: loops
 * stacked over their state, arrows between the same two states fanned out, labels kept off states.
 */
export function layoutEdges(transitions: readonly StackTransition[], positions: ReadonlyMap<string, Point>): PlacedEdge[] {
  const bends = edgeBends(transitions);
  const loops = new Map<string, number>();
  const edges = transitions.flatMap((transition, index) => {
    const from = positions.get(transition.from);
    const to = positions.get(transition.to);
    if (!from || !to) return [];
    let shape: EdgeShape;
    if (transition.from === transition.to) {
      const order = loops.get(transition.from) ?? 0;
      loops.set(transition.from, order + 1);
      shape = loopShape(from, order);
    } else shape = edgeShape(from, to, bends[index] ?? 0);
    return [{ index, transition, shape }];
  });
  const places = placeLabels(
    edges.map((edge) => ({ along: edge.shape.along, size: labelSize(edge.transition) })),
    positions.values(),
  );
  return edges.map((edge, order) => ({ ...edge, labelAt: places[order] ?? edge.shape.label }));
}

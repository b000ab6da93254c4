import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';

export interface Point {
  x: number;
  y: number;
}

/** Size of a state on the diagram; positions are its top-left corner. */
export const STATE_WIDTH = 136;
export const STATE_HEIGHT = 44;
/** Distance between columns and rows of the automatic layout. */
export const COLUMN_GAP = 200;
export const ROW_GAP = 100;

/**
 * Where every state sits: its stored `position`, or else an automatic place. States are ranked by
 * their distance from the initial state (breadth first, so the happy path reads left to right),
 * unreachable ones after the last rank, and each goes to the first free row of its column, so states
 * placed by hand are never covered.
 */
export function layoutStates(machine: StateMachineDocument): Map<string, Point> {
  const positions = new Map<string, Point>();
  const occupied: Point[] = [];
  for (const state of machine.states) {
    if (state.position && !positions.has(state.name)) {
      positions.set(state.name, state.position);
      occupied.push(state.position);
    }
  }
  const rank = rankStates(machine);
  const maxRank = Math.max(0, ...rank.values());
  const free = (candidate: Point) =>
    occupied.every((other) => Math.abs(other.x - candidate.x) >= STATE_WIDTH + 16 || Math.abs(other.y - candidate.y) >= STATE_HEIGHT + 16);
  for (const state of machine.states) {
    if (positions.has(state.name)) continue;
    const column = rank.get(state.name) ?? maxRank + 1;
    let row = 0;
    let candidate = { x: column * COLUMN_GAP, y: row * ROW_GAP };
    while (!free(candidate)) {
      row += 1;
      candidate = { x: column * COLUMN_GAP, y: row * ROW_GAP };
    }
    positions.set(state.name, candidate);
    occupied.push(candidate);
  }
  return positions;
}

/** Breadth-first distance of each reachable state from the initial one (the first state if none is marked). */
function rankStates(machine: StateMachineDocument): Map<string, number> {
  const rank = new Map<string, number>();
  const start = machine.states.find((state) => state.initial) ?? machine.states[0];
  if (!start) return rank;
  rank.set(start.name, 0);
  const queue = [start.name];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const depth = rank.get(name) ?? 0;
    for (const transition of machine.transitions) {
      if (transition.from !== name) continue;
      for (const next of [transition.to, transition.timeout?.target]) {
        if (next !== undefined && !rank.has(next) && machine.states.some((state) => state.name === next)) {
          rank.set(next, depth + 1);
          queue.push(next);
        }
      }
    }
  }
  return rank;
}

/** The rectangle holding every state, with room around it for loops and labels. */
export function diagramBounds(positions: Iterable<Point>, margin = 60): { x: number; y: number; width: number; height: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const point of positions) {
    minX = Math.min(minX, point.x);
    minY = Math.min(minY, point.y);
    maxX = Math.max(maxX, point.x + STATE_WIDTH);
    maxY = Math.max(maxY, point.y + STATE_HEIGHT);
  }
  if (minX === Infinity) return { x: -margin, y: -margin, width: 400, height: 240 };
  return {
    x: minX - margin,
    y: minY - margin,
    width: Math.max(400, maxX - minX + 2 * margin),
    height: Math.max(240, maxY - minY + 2 * margin),
  };
}

/** The state whose box holds `point`, if any (topmost, i.e. last drawn, first). */
export function stateAt(positions: ReadonlyMap<string, Point>, point: Point): string | null {
  const names = [...positions.keys()].reverse();
  return (
    names.find((name) => {
      const at = positions.get(name) as Point;
      return point.x >= at.x && point.x <= at.x + STATE_WIDTH && point.y >= at.y && point.y <= at.y + STATE_HEIGHT;
    }) ?? null
  );
}

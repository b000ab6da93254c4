import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import { STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';

/** How an arrow is drawn: its SVG path, where its label sits by default, and the point a fraction `t` along it. */
export interface EdgeShape {
  path: string;
  label: Point;
  along(t: number): Point;
}

const center = (at: Point): Point => ({ x: at.x + STATE_WIDTH / 2, y: at.y + STATE_HEIGHT / 2 });

/** Where the line from the centre of a box towards `toward` leaves the box. */
export function boxExit(at: Point, toward: Point): Point {
  const c = center(at);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const scale = 1 / Math.max(Math.abs(dx) / (STATE_WIDTH / 2), Math.abs(dy) / (STATE_HEIGHT / 2));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/**
 * Bend of each transition: 0 for a lone arrow; arrows between the same two states (either way) fan
 * out so none hides another. The sign follows a fixed orientation of the pair, so A→B and B→A bend
 * to opposite sides.
 */
export function edgeBends(transitions: readonly StackTransition[]): number[] {
  const groups = new Map<string, number[]>();
  transitions.forEach((transition, index) => {
    const key = [transition.from, transition.to].sort().join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const bends = transitions.map(() => 0);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    members.forEach((index, order) => {
      const transition = transitions[index] as StackTransition;
      if (transition.from === transition.to) {
        bends[index] = order;
        return;
      }
      const forward = transition.from < transition.to ? 1 : -1;
      const spread = members.length === 2 ? (order === 0 ? 1 : -1) : order - (members.length - 1) / 2;
      bends[index] = spread * 36 * forward;
    });
  }
  transitions.forEach((transition, index) => {
    if (transition.from === transition.to && (groups.get([transition.from, transition.to].sort().join('\u0000'))?.length ?? 0) < 2)
      bends[index] = 0;
  });
  return bends;
}

/** An arrow between two states, bent by `bend` pixels sideways (a quadratic curve). */
export function edgeShape(from: Point, to: Point, bend: number): EdgeShape {
  const a = center(from);
  const b = center(to);
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const normal = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
  const control = { x: mid.x + normal.x * bend * 2, y: mid.y + normal.y * bend * 2 };
  const start = boxExit(from, bend === 0 ? b : control);
  const end = boxExit(to, bend === 0 ? a : control);
  if (bend === 0) {
    const along = (t: number): Point => ({ x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t });
    return { path: `M ${r(start.x)} ${r(start.y)} L ${r(end.x)} ${r(end.y)}`, label: { x: mid.x, y: mid.y }, along };
  }
  const along = (t: number): Point => {
    const u = 1 - t;
    return { x: u * u * start.x + 2 * u * t * control.x + t * t * end.x, y: u * u * start.y + 2 * u * t * control.y + t * t * end.y };
  };
  return { path: `M ${r(start.x)} ${r(start.y)} Q ${r(control.x)} ${r(control.y)} ${r(end.x)} ${r(end.y)}`, label: along(0.5), along };
}

/** A loop over the top of a state, for a transition back into itself; `order` stacks several loops. */
export function loopShape(at: Point, order: number): EdgeShape {
  const height = 36 + order * 18;
  const left = { x: at.x + STATE_WIDTH / 2 - 18, y: at.y };
  const right = { x: at.x + STATE_WIDTH / 2 + 18, y: at.y };
  const path = `M ${r(left.x)} ${r(left.y)} C ${r(left.x - 24)} ${r(at.y - height)} ${r(right.x + 24)} ${r(at.y - height)} ${r(right.x)} ${r(right.y)}`;
  const label = { x: at.x + STATE_WIDTH / 2, y: at.y - height * 0.75 - 4 };
  return { path, label, along: () => label };
}

const r = (value: number) => Math.round(value * 10) / 10;

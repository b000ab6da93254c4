import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import { STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';

/** What a transition's label says: the trigger with its marks, and the workflow it runs. */
export function labelLines(transition: StackTransition): { first: string; second: string | null } {
  const marks = `${transition.guard ? ' [if]' : ''}${transition.timeout ? ` ≤${transition.timeout.seconds}s` : ''}`;
  return { first: `${transition.trigger}${marks}`, second: transition.workflow ? `▶ ${transition.workflow}` : null };
}

/** Approximate width of label text (11px monospace, about 0.6em a character), for the box behind it (no layout pass in SVG). */
const textWidth = (text: string) => text.length * 6.7 + 10;

/** The size of the box behind a transition's label. */
export function labelSize(transition: StackTransition): { width: number; height: number } {
  const { first, second } = labelLines(transition);
  return { width: Math.max(textWidth(first), second ? textWidth(second) : 0), height: second ? 30 : 17 };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box): number => {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
};

/** Where along its line a label may sit, best first: the middle, then further out on either side. */
const STOPS = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8];
/** Sideways steps off the line, tried only when no stop on the line is clear: either side, further each time. */
const SIDE_STEPS = [1, -1, 2, -2, 3, -3, 4, -4, 5, -5];
const SIDE_STEP = 12;
/** Clear space kept around a label. */
const GAP = 3;
/** Covering a state costs far more than covering another label: a state is never hidden while there is room. */
const STATE_WEIGHT = 1000;
/** Room above a state kept clear for its "current" badge. */
export const STATE_BADGE_ROOM = 10;

/** The box a label of `size` centred on `at` keeps clear, gap included. */
const clearBox = (at: Point, size: { width: number; height: number }): Box => ({
  x: at.x - size.width / 2 - GAP,
  y: at.y - size.height / 2 - GAP,
  width: size.width + 2 * GAP,
  height: size.height + 2 * GAP,
});

/** The area of a state (top-left at `at`) no label may cover: its box, the badge room above it, and a gap. */
const stateKeepOut = (at: Point): Box => ({
  x: at.x - GAP,
  y: at.y - STATE_BADGE_ROOM - GAP,
  width: STATE_WIDTH + 2 * GAP,
  height: STATE_HEIGHT + STATE_BADGE_ROOM + 2 * GAP,
});

/** The box a label of `size` centred on `at` is drawn in. */
export const labelBox = (at: Point, size: { width: number; height: number }): Box => ({
  x: at.x - size.width / 2,
  y: at.y - size.height / 2,
  width: size.width,
  height: size.height,
});

/** Unit normal of a line at `t` (up for a line that does not move, such as a loop's label point). */
function normalAt(along: (t: number) => Point, t: number): Point {
  const a = along(Math.max(0, t - 0.01));
  const b = along(Math.min(1, t + 0.01));
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length < 1e-6) return { x: 0, y: -1 };
  return { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
}

/**
 * Places transition labels so they never cover a state and, where there is room, not each other:
 * each label, in order, takes the first stop along its own line (`along(t)`, t from 0 to 1) whose box
 * is clear; if none is, the nearest clear place a few steps sideways off the line; if even that fails,
 * the place that covers least (a state counting far more than a label). Labels stay on or beside
 * their line, so each still reads as belonging to its arrow.
 */
export function placeLabels(
  labels: readonly { along(t: number): Point; size: { width: number; height: number } }[],
  states: Iterable<Point>,
): Point[] {
  const stateBoxes: Box[] = [...states].map(stateKeepOut);
  const taken: Box[] = [];
  return labels.map(({ along, size }) => {
    const cost = (at: Point) => {
      const box = clearBox(at, size);
      return (
        stateBoxes.reduce((sum, other) => sum + STATE_WEIGHT * overlap(box, other), 0) +
        taken.reduce((sum, other) => sum + overlap(box, other), 0)
      );
    };
    let best = { at: along(STOPS[0]!), cost: Infinity };
    const consider = (at: Point): boolean => {
      const value = cost(at);
      if (value < best.cost) best = { at, cost: value };
      return value === 0;
    };
    let found = STOPS.some((t) => consider(along(t)));
    for (const step of SIDE_STEPS) {
      if (found) break;
      found = STOPS.some((t) => {
        const on = along(t);
        const normal = normalAt(along, t);
        const reach = step * SIDE_STEP + ((step > 0 ? 1 : -1) * (Math.abs(normal.x) * size.width + Math.abs(normal.y) * size.height)) / 2;
        return consider({ x: on.x + normal.x * reach, y: on.y + normal.y * reach });
      });
    }
    taken.push(clearBox(best.at, size));
    return best.at;
  });
}

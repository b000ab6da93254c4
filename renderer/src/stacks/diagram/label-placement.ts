import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import { STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';

/** What a transition's label says: the trigger with its marks, and the workflow it runs. */
export function labelLines(transition: StackTransition): { first: string; second: string | null } {
  const marks = `${transition.guard ? ' [if]' : ''}${transition.timeout ? ` ≤${transition.timeout.seconds}s` : ''}`;
  return { first: `${transition.trigger}${marks}`, second: transition.workflow ? `▶ ${transition.workflow}` : null };
}

/** Approximate width of label text, for the box behind it (no layout pass in SVG). */
const textWidth = (text: string) => text.length * 6.4 + 10;

/** The size of the box behind a transition's label. */
export function labelSize(transition: StackTransition): { width: number; height: number } {
  const { first, second } = labelLines(transition);
  return { width: Math.max(textWidth(first), second ? textWidth(second) : 0), height: second ? 30 : 17 };
}

interface Box {
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
/** Clear space kept around a label. */
const GAP = 3;

/** The box a label (or a state) of `size` centred on `at` keeps clear, gap included. */
const clearBox = (at: Point, size: { width: number; height: number }): Box => ({
  x: at.x - size.width / 2 - GAP,
  y: at.y - size.height / 2 - GAP,
  width: size.width + 2 * GAP,
  height: size.height + 2 * GAP,
});
const STATE_SIZE = { width: STATE_WIDTH, height: STATE_HEIGHT };

/**
 * Places transition labels so they neither cover a state nor each other where the lines leave room:
 * each label, in order, takes the first stop along its own line (`along(t)`, t from 0 to 1) whose box
 * is clear, or else the stop it overlaps least. Labels stay on their line, so each still reads as
 * belonging to its arrow.
 */
export function placeLabels(
  labels: readonly { along(t: number): Point; size: { width: number; height: number } }[],
  states: Iterable<Point>,
): Point[] {
  // States are placed by their top-left corner.
  const taken: Box[] = [...states].map((at) => clearBox({ x: at.x + STATE_WIDTH / 2, y: at.y + STATE_HEIGHT / 2 }, STATE_SIZE));
  return labels.map(({ along, size }) => {
    let best = { at: along(STOPS[0]!), cost: Infinity };
    for (const t of STOPS) {
      const at = along(t);
      const box = clearBox(at, size);
      const cost = taken.reduce((sum, other) => sum + overlap(box, other), 0);
      if (cost < best.cost) best = { at, cost };
      if (cost === 0) break;
    }
    taken.push(clearBox(best.at, size));
    return best.at;
  });
}

import type { Position } from './planner-node';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The room kept free around a placed node, in canvas units: enough for a wire to pass between two nodes. */
export const PLACEMENT_GAP = 40;

/** How many neighbours around the preferred spot give candidate positions (bounds the search on large canvases). */
const NEIGHBOURS = 40;

const clear = (candidate: Box, box: Box, gap: number): boolean =>
  candidate.x >= box.x + box.width + gap ||
  box.x >= candidate.x + candidate.width + gap ||
  candidate.y >= box.y + box.height + gap ||
  box.y >= candidate.y + candidate.height + gap;

/**
 * The free position nearest to `preferred` for a box of `size`: `preferred` itself when nothing is
 * within `gap` of it, otherwise the closest spot (straight-line distance) where the box keeps `gap`
 * from every occupied box. A new node is nudged just enough to stop covering others, so it lands
 * where it was dropped or as close as the canvas allows.
 *
 * The nearest free spot touches the gap-grown edges of some boxes, so the candidates are the
 * preferred coordinates combined with every neighbour's left/right and top/bottom edges; candidates
 * are tried nearest first against every box. The nearest neighbours bound the work on a crowded
 * canvas; when all their candidates are taken, the node goes below everything.
 */
export function nearestFreePosition(
  preferred: Position,
  size: { width: number; height: number },
  occupied: readonly Box[],
  gap = PLACEMENT_GAP,
): Position {
  const at = (x: number, y: number): Box => ({ x, y, width: size.width, height: size.height });
  const isFree = (candidate: Box): boolean => occupied.every((box) => clear(candidate, box, gap));
  if (isFree(at(preferred.x, preferred.y))) return { x: preferred.x, y: preferred.y };

  const centre = { x: preferred.x + size.width / 2, y: preferred.y + size.height / 2 };
  const distance = (box: Box): number => Math.hypot(box.x + box.width / 2 - centre.x, box.y + box.height / 2 - centre.y);
  const near = occupied.length > NEIGHBOURS ? [...occupied].sort((a, b) => distance(a) - distance(b)).slice(0, NEIGHBOURS) : occupied;
  const xs = new Set([preferred.x]);
  const ys = new Set([preferred.y]);
  for (const box of near) {
    xs.add(box.x - gap - size.width);
    xs.add(box.x + box.width + gap);
    ys.add(box.y - gap - size.height);
    ys.add(box.y + box.height + gap);
  }
  const candidates: { x: number; y: number; d: number }[] = [];
  for (const x of xs) for (const y of ys) candidates.push({ x, y, d: Math.hypot(x - preferred.x, y - preferred.y) });
  // Ties go right, then down: the way a topology reads, so repeated adds form a row to the right.
  candidates.sort((a, b) => a.d - b.d || b.x - a.x || a.y - b.y);
  for (const candidate of candidates) if (isFree(at(candidate.x, candidate.y))) return { x: candidate.x, y: candidate.y };

  const bottom = Math.max(...occupied.map((box) => box.y + box.height));
  return { x: preferred.x, y: bottom + gap };
}

/** A rectangle on screen, in pixels relative to the canvas' top left corner. */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * How far to pan (in screen pixels) so `target` lies inside `visible` with `margin` to spare: zero on
 * an axis where it already does, otherwise the smallest move that brings it in. A target larger than
 * the visible part is aligned on its top left corner, where a node's name is. The zoom never changes.
 */
export function panToReveal(target: ScreenRect, visible: ScreenRect, margin = 24): { dx: number; dy: number } {
  const axis = (start: number, end: number, min: number, max: number): number => {
    const lo = min + margin;
    const hi = max - margin;
    if (end - start > hi - lo) return lo - start;
    if (start < lo) return lo - start;
    if (end > hi) return hi - end;
    return 0;
  };
  return {
    dx: axis(target.left, target.right, visible.left, visible.right),
    dy: axis(target.top, target.bottom, visible.top, visible.bottom),
  };
}

import type { Position } from './planner-node';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 60;

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width + GAP / 2 && b.x < a.x + a.width + GAP / 2 && a.y < b.y + b.height + GAP / 2 && b.y < a.y + a.height + GAP / 2;

/**
 * Where a new node goes: as close to `preferred` (the middle of the view) as possible without covering
 * another node, scanning rightwards then down, so successive "Add node" clicks lay out a readable row.
 */
export function findFreePosition(preferred: Position, size: { width: number; height: number }, occupied: readonly Box[]): Position {
  const stepX = size.width + GAP;
  const stepY = size.height + GAP;
  for (let row = 0; row < 50; row += 1) {
    for (let column = 0; column < 6; column += 1) {
      const candidate = { x: preferred.x + column * stepX, y: preferred.y + row * stepY, ...size };
      if (!occupied.some((box) => overlaps(candidate, box))) return { x: candidate.x, y: candidate.y };
    }
  }
  return preferred;
}

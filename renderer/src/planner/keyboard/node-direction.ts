import type { Box } from '../placement';

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node an arrow key moves to from `from`: the nearest box whose centre lies in that direction,
 * within a 45° cone either side (so ArrowRight never jumps to a node mostly below); distance along
 * the direction counts, sideways distance counts double. Null when nothing lies that way.
 */
export function nodeInDirection<T extends Box & { id: string }>(from: Box, boxes: readonly T[], direction: Direction): T | null {
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  let best: T | null = null;
  let bestScore = Infinity;
  for (const box of boxes) {
    const dx = box.x + box.width / 2 - cx;
    const dy = box.y + box.height / 2 - cy;
    const along = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const across = Math.abs(direction === 'left' || direction === 'right' ? dy : dx);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      best = box;
      bestScore = score;
    }
  }
  return best;
}

/** The direction of an arrow key, or null for any other key. */
export function arrowDirection(key: string): Direction | null {
  return key === 'ArrowLeft' ? 'left' : key === 'ArrowRight' ? 'right' : key === 'ArrowUp' ? 'up' : key === 'ArrowDown' ? 'down' : null;
}

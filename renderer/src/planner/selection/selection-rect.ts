/** An axis-aligned rectangle in canvas units. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The rectangle spanned by two corners dragged in any direction. */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/**
 * The ids of the boxes a rubber band touches. Touching rather than enclosing: a band drawn across a
 * dense column picks every node it crosses, the way most diagram editors behave.
 */
export function boxesInRect(rect: Rect, boxes: Iterable<{ id: string } & Rect>): string[] {
  const hits: string[] = [];
  for (const box of boxes) {
    if (box.x <= rect.x + rect.width && rect.x <= box.x + box.width && box.y <= rect.y + rect.height && rect.y <= box.y + box.height)
      hits.push(box.id);
  }
  return hits;
}

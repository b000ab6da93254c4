import { describe, expect, it } from 'vitest';
import { overlaps, visibleCanvasBox, wireBox } from './view-culling';

describe('view culling geometry', () => {
  it('maps the screen into canvas coordinates through the zoom and pan', () => {
    expect(visibleCanvasBox({ x: -100, y: -50, k: 0.5 }, { width: 800, height: 600 }, 0)).toEqual({
      x: 200,
      y: 100,
      width: 1600,
      height: 1200,
    });
    expect(visibleCanvasBox({ x: 0, y: 0, k: 1 }, { width: 100, height: 100 }, 10)).toEqual({ x: -10, y: -10, width: 120, height: 120 });
  });

  it('tells overlapping boxes, and keeps a wire between two off-screen nodes when it crosses the view', () => {
    const view = { x: 0, y: 0, width: 100, height: 100 };
    expect(overlaps({ x: 90, y: 90, width: 20, height: 20 }, view)).toBe(true);
    expect(overlaps({ x: 100, y: 0, width: 20, height: 20 }, view)).toBe(false);
    const left = { x: -300, y: 40, width: 50, height: 20 };
    const right = { x: 300, y: 40, width: 50, height: 20 };
    expect(overlaps(left, view) || overlaps(right, view)).toBe(false);
    expect(overlaps(wireBox(left, right), view)).toBe(true);
  });
});

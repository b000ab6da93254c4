import { describe, expect, it } from 'vitest';
import { boxesInRect, rectFromCorners } from './selection-rect';

describe('rubber-band hit test', () => {
  it('normalises corners dragged up and to the left', () => {
    expect(rectFromCorners({ x: 100, y: 80 }, { x: 20, y: 10 })).toEqual({ x: 20, y: 10, width: 80, height: 70 });
  });

  it('picks every box the band touches and none it misses', () => {
    const boxes = [
      { id: 'inside', x: 10, y: 10, width: 20, height: 20 },
      { id: 'crossing', x: 90, y: 90, width: 50, height: 50 },
      { id: 'outside', x: 200, y: 0, width: 20, height: 20 },
      { id: 'below', x: 0, y: 101, width: 20, height: 20 },
    ];
    expect(boxesInRect({ x: 0, y: 0, width: 100, height: 100 }, boxes)).toEqual(['inside', 'crossing']);
  });
});

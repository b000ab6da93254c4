import { describe, expect, it } from 'vitest';
import { findFreePosition } from './placement';

const size = { width: 200, height: 100 };

describe('findFreePosition', () => {
  it('uses the preferred spot when it is free', () => {
    expect(findFreePosition({ x: 10, y: 20 }, size, [])).toEqual({ x: 10, y: 20 });
  });

  it('moves right past occupied spots, keeping a gap', () => {
    const first = findFreePosition({ x: 0, y: 0 }, size, [{ x: 0, y: 0, ...size }]);
    expect(first).toEqual({ x: 260, y: 0 });
    const second = findFreePosition({ x: 0, y: 0 }, size, [
      { x: 0, y: 0, ...size },
      { x: 260, y: 0, ...size },
    ]);
    expect(second).toEqual({ x: 520, y: 0 });
  });
});

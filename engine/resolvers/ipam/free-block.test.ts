import { describe, expect, it } from 'vitest';
import { findFreeBlock, insertSorted, type Interval } from './free-block.js';

const iv = (start: number, end: number): Interval => ({ start: BigInt(start), end: BigInt(end) });

describe('findFreeBlock', () => {
  it('takes the lowest aligned gap', () => {
    expect(findFreeBlock(0n, 255n, 16n, [])).toBe(0n);
    expect(findFreeBlock(0n, 255n, 16n, [iv(0, 15)])).toBe(16n);
    expect(findFreeBlock(0n, 255n, 16n, [iv(0, 3), iv(40, 40)])).toBe(16n);
    expect(findFreeBlock(0n, 255n, 16n, [iv(0, 3), iv(20, 20)])).toBe(48n - 16n);
  });

  it('respects the lower bound and alignment', () => {
    expect(findFreeBlock(2n, 255n, 1n, [iv(2, 5)])).toBe(6n);
    expect(findFreeBlock(1n, 255n, 4n, [])).toBe(4n);
  });

  it('returns null when nothing fits', () => {
    expect(findFreeBlock(0n, 15n, 16n, [iv(3, 3)])).toBeNull();
    expect(findFreeBlock(0n, 7n, 1n, [iv(0, 7)])).toBeNull();
    expect(findFreeBlock(0n, 7n, 16n, [])).toBeNull();
  });

  it('never returns a block overlapping an occupied interval (random check)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round += 1) {
      const occupied: Interval[] = [];
      const size = 2n ** BigInt(Math.floor(random() * 4));
      for (let i = 0; i < 20; i += 1) {
        const found = findFreeBlock(0n, 255n, size, occupied);
        if (found === null) break;
        expect(found % size).toBe(0n);
        const block = { start: found, end: found + size - 1n };
        expect(occupied.some((o) => o.start <= block.end && block.start <= o.end)).toBe(false);
        insertSorted(occupied, block);
      }
    }
  });
});

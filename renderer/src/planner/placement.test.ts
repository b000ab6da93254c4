import { describe, expect, it } from 'vitest';
import { nearestFreePosition, panToReveal, PLACEMENT_GAP, type Box } from './placement';

const size = { width: 200, height: 100 };
const gap = PLACEMENT_GAP;

const keepsClear = (spot: { x: number; y: number }, boxes: readonly Box[]): boolean =>
  boxes.every(
    (box) =>
      spot.x >= box.x + box.width + gap ||
      box.x >= spot.x + size.width + gap ||
      spot.y >= box.y + box.height + gap ||
      box.y >= spot.y + size.height + gap,
  );

describe('nearestFreePosition', () => {
  it('uses the preferred spot when it is free', () => {
    expect(nearestFreePosition({ x: 10, y: 20 }, size, [])).toEqual({ x: 10, y: 20 });
    expect(nearestFreePosition({ x: 10, y: 20 }, size, [{ x: 500, y: 500, ...size }])).toEqual({ x: 10, y: 20 });
  });

  it('nudges off a node it would cover to the nearest side, keeping the gap', () => {
    // Dropped slightly right of and below a node: the nearest way out is down (100 + gap − 30).
    const box = { x: 0, y: 0, ...size };
    const spot = nearestFreePosition({ x: 20, y: 30 }, size, [box]);
    expect(spot).toEqual({ x: 20, y: 100 + gap });
    // Mostly to its right: out to the right.
    expect(nearestFreePosition({ x: 180, y: 10 }, size, [box])).toEqual({ x: 200 + gap, y: 10 });
  });

  it('prefers the right side when two ways out are as near', () => {
    const tall = { x: 0, y: 0, width: 200, height: 400 };
    expect(nearestFreePosition({ x: 0, y: 150 }, size, [tall])).toEqual({ x: 200 + gap, y: 150 });
  });

  it('refuses to land within the gap of a node even without covering it', () => {
    const box = { x: 0, y: 0, ...size };
    const spot = nearestFreePosition({ x: 210, y: 0 }, size, [box]);
    expect(spot).toEqual({ x: 200 + gap, y: 0 });
  });

  it('finds the nearest free spot between crowded nodes, never on any of them', () => {
    const boxes: Box[] = [];
    for (let row = 0; row < 5; row += 1)
      for (let column = 0; column < 5; column += 1) boxes.push({ x: column * 260, y: row * 160, ...size });
    const spot = nearestFreePosition({ x: 530, y: 330 }, size, boxes);
    expect(keepsClear(spot, boxes)).toBe(true);
    // Outside the 5×5 block (1,240 × 740), the nearest free edge: not below everything.
    expect(Math.hypot(spot.x - 530, spot.y - 330)).toBeLessThan(800);
  });

  it('stays quick and correct on a thousand nodes', () => {
    const boxes: Box[] = [];
    for (let index = 0; index < 1000; index += 1) boxes.push({ x: (index % 40) * 260, y: Math.floor(index / 40) * 160, ...size });
    const started = performance.now();
    const spot = nearestFreePosition({ x: 5000, y: 2000 }, size, boxes);
    expect(performance.now() - started).toBeLessThan(200);
    expect(keepsClear(spot, boxes)).toBe(true);
  });
});

describe('panToReveal', () => {
  const visible = { left: 0, top: 0, right: 1000, bottom: 600 };

  it('does not move what is already in view', () => {
    expect(panToReveal({ left: 100, top: 100, right: 300, bottom: 200 }, visible)).toEqual({ dx: 0, dy: 0 });
  });

  it('moves just enough to bring a box in, with the margin', () => {
    expect(panToReveal({ left: 900, top: 100, right: 1100, bottom: 200 }, visible, 20)).toEqual({ dx: -120, dy: 0 });
    expect(panToReveal({ left: -50, top: -10, right: 150, bottom: 90 }, visible, 20)).toEqual({ dx: 70, dy: 30 });
  });

  it('keeps a box clear of a panel covering the right side', () => {
    expect(panToReveal({ left: 700, top: 100, right: 900, bottom: 200 }, { ...visible, right: 640 }, 20)).toEqual({ dx: -280, dy: 0 });
  });

  it('aligns a box larger than the view on its top left corner', () => {
    expect(panToReveal({ left: 300, top: 50, right: 1500, bottom: 200 }, visible, 20)).toEqual({ dx: -280, dy: 0 });
  });
});

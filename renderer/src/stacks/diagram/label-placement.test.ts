import { describe, expect, it } from 'vitest';
import { STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';
import { edgeShape } from './edge-geometry';
import { labelSize, placeLabels } from './label-placement';

const boxOf = (at: Point, size: { width: number; height: number }) => ({
  x: at.x - size.width / 2,
  y: at.y - size.height / 2,
  width: size.width,
  height: size.height,
});
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('transition label placement', () => {
  it('sizes a label for its trigger, marks and workflow', () => {
    expect(labelSize({ from: 'a', to: 'b', trigger: 'go' }).height).toBeLessThan(
      labelSize({ from: 'a', to: 'b', trigger: 'go', workflow: 'deploy' }).height,
    );
    expect(labelSize({ from: 'a', to: 'b', trigger: 'go', guard: 'x' }).width).toBeGreaterThan(
      labelSize({ from: 'a', to: 'b', trigger: 'go' }).width,
    );
  });

  it('keeps the middle of the line when it is free', () => {
    const line = edgeShape({ x: 0, y: 0 }, { x: 600, y: 0 }, 0);
    expect(
      placeLabels(
        [{ along: line.along, size: { width: 60, height: 17 } }],
        [
          { x: 0, y: 0 },
          { x: 600, y: 0 },
        ],
      ),
    ).toEqual([line.label]);
  });

  it('moves a label off a state its line crosses, and off another label, staying on its own line', () => {
    const states = [
      { x: 0, y: 0 },
      { x: 500, y: 0 },
      { x: 1000, y: 0 },
    ];
    // a → c runs straight through b; two labels on the same stretch of a → b would collide.
    const through = edgeShape(states[0]!, states[2]!, 0);
    const first = edgeShape(states[0]!, states[1]!, 0);
    const second = edgeShape(states[0]!, states[1]!, 0);
    const size = { width: 50, height: 17 };
    const placed = placeLabels(
      [
        { along: through.along, size },
        { along: first.along, size },
        { along: second.along, size },
      ],
      states,
    );
    const stateBoxes = states.map((at) => ({ ...at, width: STATE_WIDTH, height: STATE_HEIGHT }));
    expect(placed).toHaveLength(3);
    for (const at of placed) {
      expect(at.y).toBeCloseTo(STATE_HEIGHT / 2);
      for (const state of stateBoxes) expect(overlaps(boxOf(at, size), state)).toBe(false);
    }
    expect(overlaps(boxOf(placed[1]!, size), boxOf(placed[2]!, size))).toBe(false);
    expect(overlaps(boxOf(placed[0]!, size), boxOf(placed[1]!, size))).toBe(false);
  });

  it('steps sideways off the line when no stop on it is clear, never onto a state', () => {
    const states = [
      { x: 0, y: 0 },
      { x: 400, y: 0 },
      { x: 330, y: 30 },
    ];
    const line = edgeShape(states[0]!, states[1]!, 0);
    // Too wide for the gap between the states anywhere on the line.
    const size = { width: 300, height: 17 };
    const [aside] = placeLabels([{ along: line.along, size }], states);
    expect(aside!.y).not.toBeCloseTo(STATE_HEIGHT / 2);
    for (const state of states) expect(overlaps(boxOf(aside!, size), { ...state, width: STATE_WIDTH, height: STATE_HEIGHT })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { STATE_HEIGHT, STATE_WIDTH } from './diagram-layout';
import { boxExit, edgeBends, edgeShape, loopShape } from './edge-geometry';

describe('edge geometry', () => {
  it('leaves a box on its border towards the target', () => {
    expect(boxExit({ x: 0, y: 0 }, { x: 1000, y: STATE_HEIGHT / 2 })).toEqual({ x: STATE_WIDTH, y: STATE_HEIGHT / 2 });
    expect(boxExit({ x: 0, y: 0 }, { x: STATE_WIDTH / 2, y: -500 })).toEqual({ x: STATE_WIDTH / 2, y: 0 });
  });

  it('draws a lone arrow straight, between the borders', () => {
    const shape = edgeShape({ x: 0, y: 0 }, { x: 300, y: 0 }, 0);
    expect(shape.path).toBe(`M ${STATE_WIDTH} ${STATE_HEIGHT / 2} L 300 ${STATE_HEIGHT / 2}`);
    expect(edgeShape({ x: 0, y: 0 }, { x: 300, y: 0 }, 20).path).toMatch(/^M .* Q /);
  });

  it('bends arrows between the same states to opposite sides', () => {
    const bends = edgeBends([
      { from: 'a', to: 'b', trigger: 'x' },
      { from: 'b', to: 'a', trigger: 'y' },
      { from: 'a', to: 'c', trigger: 'z' },
    ]);
    expect(bends[2]).toBe(0);
    expect(Math.sign(bends[0] ?? 0)).not.toBe(0);
    // Opposite directions with opposite spread: the same side in the pair's own frame means different sides on screen.
    const first = edgeShape({ x: 0, y: 0 }, { x: 300, y: 0 }, bends[0] ?? 0).label.y;
    const second = edgeShape({ x: 300, y: 0 }, { x: 0, y: 0 }, bends[1] ?? 0).label.y;
    expect(Math.sign(first - STATE_HEIGHT / 2)).not.toBe(Math.sign(second - STATE_HEIGHT / 2));
  });

  it('stacks loops above the state', () => {
    expect(loopShape({ x: 0, y: 100 }, 1).label.y).toBeLessThan(loopShape({ x: 0, y: 100 }, 0).label.y);
  });
});

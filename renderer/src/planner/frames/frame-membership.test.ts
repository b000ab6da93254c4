import { describe, expect, it } from 'vitest';
import { FRAME_PADDING, FRAME_TITLE_HEIGHT, frameAround, nextFrameLabel, nodesInFrame } from './frame-membership';

const at = (id: string, x: number, y: number) => ({ id, position: { x, y } });

describe('frame membership', () => {
  it('carries the nodes whose top-left corner lies inside, edges included', () => {
    const frame = { position: { x: 0, y: 0 }, size: { width: 300, height: 200 } };
    const nodes = [at('in', 10, 10), at('edge', 300, 200), at('overhang', 250, 150), at('out', 301, 10), at('above', 10, -1)];
    expect(nodesInFrame(frame, nodes)).toEqual(['in', 'edge', 'overhang']);
  });

  it('surrounds the boxes with padding and room for the title', () => {
    const frame = frameAround([
      { x: 100, y: 100, width: 240, height: 150 },
      { x: 500, y: 300, width: 240, height: 150 },
    ]);
    expect(frame).toEqual({
      position: { x: 100 - FRAME_PADDING, y: 100 - FRAME_PADDING - FRAME_TITLE_HEIGHT },
      size: { width: 640 + 2 * FRAME_PADDING, height: 350 + 2 * FRAME_PADDING + FRAME_TITLE_HEIGHT },
    });
    expect(frameAround([])).toBeNull();
  });

  it('numbers new frames past the highest', () => {
    expect(nextFrameLabel([{ label: 'Frame 2' }, { label: 'Web tier' }])).toBe('Frame 3');
    expect(nextFrameLabel([])).toBe('Frame 1');
  });
});

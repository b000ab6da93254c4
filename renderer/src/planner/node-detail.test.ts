import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeDetail } from './node-detail';
import { PlannerNode } from './planner-node';

describe('node detail', () => {
  let frames: (() => void)[] = [];
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
  });
  afterEach(() => vi.unstubAllGlobals());
  const nextFrame = async () => {
    const due = frames;
    frames = [];
    for (const callback of due) callback();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  it('draws nodes added near in full, and far out only the first of each layout', () => {
    const claimed = new Set<string>();
    const detail = createNodeDetail({
      claim: (node) => !claimed.has(node.layout) && Boolean(claimed.add(node.layout)),
      redraw: async () => undefined,
    });
    const near = new PlannerNode('a', 'x@1');
    detail.added(near);
    expect(near.detailed).toBe(true);
    detail.setFar(true);
    const [first, second, other] = [new PlannerNode('b', 'x@1'), new PlannerNode('c', 'x@1'), new PlannerNode('d', 'y@1')];
    for (const node of [first, second, other]) detail.added(node);
    expect([first.detailed, second.detailed, other.detailed]).toEqual([true, false, true]);
  });

  it('gives a node its details once it is on screen near, from the next frame, and never while far', async () => {
    const redrawn: string[] = [];
    const detail = createNodeDetail({ claim: () => false, redraw: async (node) => void redrawn.push(node.label) });
    detail.setFar(true);
    const node = new PlannerNode('a', 'x@1');
    detail.added(node);
    detail.shown(node);
    await nextFrame();
    expect(node.detailed).toBe(false);
    detail.setFar(false);
    detail.shown(node);
    detail.shown(node);
    expect(node.detailed).toBe(false);
    await nextFrame();
    expect(node.detailed).toBe(true);
    expect(redrawn).toEqual(['a']);
  });

  it('forgets nodes taken off the canvas before their turn', async () => {
    const redrawn: string[] = [];
    const detail = createNodeDetail({ claim: () => false, redraw: async (node) => void redrawn.push(node.label) });
    detail.setFar(true);
    const node = new PlannerNode('a', 'x@1');
    detail.added(node);
    detail.setFar(false);
    detail.shown(node);
    detail.removed(node);
    await nextFrame();
    expect(redrawn).toEqual([]);
  });
});

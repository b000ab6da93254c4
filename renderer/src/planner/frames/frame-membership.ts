import type { TopologyFrame } from '../../../../engine/api/schemas/topology';

export type { TopologyFrame };

/** Empty room kept between a new frame and the nodes it surrounds; the top leaves space for the title. */
export const FRAME_PADDING = 40;
export const FRAME_TITLE_HEIGHT = 32;
export const FRAME_MIN_SIZE = { width: 160, height: 100 };

/**
 * The nodes a frame carries when it moves: those whose top-left corner lies inside it. The corner, not
 * the whole box, so a node hanging over the edge still belongs to exactly one place and can be dragged
 * out of a frame by moving it until its corner leaves.
 */
export function nodesInFrame(
  frame: Pick<TopologyFrame, 'position' | 'size'>,
  nodes: Iterable<{ id: string; position: { x: number; y: number } }>,
): string[] {
  const { x, y } = frame.position;
  const { width, height } = frame.size;
  const inside: string[] = [];
  for (const node of nodes) {
    const p = node.position;
    if (p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height) inside.push(node.id);
  }
  return inside;
}

/** A frame's rectangle around boxes (the selection), or `null` when there are none. */
export function frameAround(
  boxes: readonly { x: number; y: number; width: number; height: number }[],
): Pick<TopologyFrame, 'position' | 'size'> | null {
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((box) => box.x)) - FRAME_PADDING;
  const top = Math.min(...boxes.map((box) => box.y)) - FRAME_PADDING - FRAME_TITLE_HEIGHT;
  const right = Math.max(...boxes.map((box) => box.x + box.width)) + FRAME_PADDING;
  const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + FRAME_PADDING;
  return { position: { x: left, y: top }, size: { width: right - left, height: bottom - top } };
}

/** `Frame N` with N one past the highest used, so new frames get distinct names. */
export function nextFrameLabel(frames: readonly { label: string }[]): string {
  let highest = 0;
  for (const frame of frames) {
    const match = /^Frame (\d+)$/.exec(frame.label);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return `Frame ${highest + 1}`;
}

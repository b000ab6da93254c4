import type { PlannerNode } from './planner-node';

/** Main-thread time per frame spent drawing nodes' details, so zooming in stays smooth. */
const FRAME_BUDGET_MS = 4;

/**
 * Which nodes the canvas draws in full. Zoomed far out, a node's ports, values and meta are too small
 * to read and are not painted (`[data-zoom='far']`), so a node added then is drawn without them: a
 * box with its header, the same size and look, at a tenth of the elements. That is what lets a large
 * topology open quickly (after a load the view is fitted to all nodes, usually far out). A node gets
 * its details once it is on screen while the view is near, and keeps them; zooming in over many such
 * nodes draws them a few per frame.
 *
 * Wires still need socket positions for nodes drawn without ports: they come from another node of the
 * same layout (see socket-positions.ts); `claim` says whether this node must be that one.
 */
export function createNodeDetail(options: {
  /** True when no node of this node's layout has shown (or is about to show) its sockets. */
  claim(node: PlannerNode): boolean;
  /** Draws a node again, after its `detailed` flag changed. */
  redraw(node: PlannerNode): Promise<void>;
}) {
  let far = false;
  const waiting = new Set<PlannerNode>();
  let frame: number | null = null;

  const drawWaiting = async (): Promise<void> => {
    frame = null;
    const start = performance.now();
    for (const node of waiting) {
      if (far || performance.now() - start > FRAME_BUDGET_MS) break;
      waiting.delete(node);
      if (node.detailed) continue;
      node.detailed = true;
      await options.redraw(node);
    }
    if (waiting.size > 0 && !far) frame = requestAnimationFrame(() => void drawWaiting());
  };

  return {
    get far(): boolean {
      return far;
    },
    /** Whether the view is (or, during a load, is about to be) zoomed far out. */
    setFar(value: boolean): void {
      far = value;
      if (far) waiting.clear();
    },
    /** Decides how a node about to be added is drawn. */
    added(node: PlannerNode): void {
      node.detailed = !far || options.claim(node);
    },
    /** A node is on screen: near, it gets its details (from the next frame on). */
    shown(node: PlannerNode): void {
      if (far || node.detailed || waiting.has(node)) return;
      waiting.add(node);
      frame ??= requestAnimationFrame(() => void drawWaiting());
    },
    /** Forgets a node taken off the canvas. */
    removed(node: PlannerNode): void {
      waiting.delete(node);
    },
    dispose(): void {
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
      waiting.clear();
    },
  };
}

import type { AreaPlugin } from 'rete-area-plugin';
import type { PlannerNode, Position } from './planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';

/** How much of the view fitted nodes fill. */
const FIT_SCALE = 0.8;

/**
 * What the user sees of the canvas: its centre, whether a box is inside it, and fitting nodes into it.
 * `size` is the canvas size as last reported (see observeContainerSize): reading `clientWidth` right
 * after 1,000 nodes were added would force the browser to lay them all out on the spot.
 */
export function createViewport(area: AreaPlugin<PlannerSchemes, PlannerAreaExtra>, size: { readonly width: number; readonly height: number }) {
  const container = { get clientWidth() { return size.width; }, get clientHeight() { return size.height; } };
  const hidden = () => container.clientWidth === 0 || container.clientHeight === 0;
  return {
    /** The middle of the view in canvas coordinates. */
    center(): Position {
      const { x, y, k } = area.area.transform;
      return { x: (container.clientWidth / 2 - x) / k, y: (container.clientHeight / 2 - y) / k };
    },

    contains(position: Position, size: { width: number; height: number }): boolean {
      const { x, y, k } = area.area.transform;
      const left = position.x * k + x;
      const top = position.y * k + y;
      return left >= 0 && top >= 0 && left + size.width * k <= container.clientWidth && top + size.height * k <= container.clientHeight;
    },

    /**
     * The zoom `fit` would pick for these boxes (before the area's zoom limits), or null when it would
     * not fit (no boxes, or a hidden page). Lets a load know how far out its nodes will be seen.
     */
    fitScale(boxes: readonly { x: number; y: number; width: number; height: number }[]): number | null {
      const fitted = fitOf(boxes);
      return fitted?.k ?? null;
    },

    /** Shows every node, never magnified beyond 100 %; an empty canvas is reset around its origin. */
    async fit(nodes: PlannerNode[]): Promise<void> {
      // A hidden page has no size to fit into; it is fitted when the next document loads.
      if (hidden()) return;
      if (nodes.length === 0) {
        area.area.transform.x = container.clientWidth / 2;
        area.area.transform.y = container.clientHeight / 3;
        await area.area.zoom(1, 0, 0);
        return;
      }
      const boxes = nodes.flatMap((node) => {
        const view = area.nodeViews.get(node.id);
        return view ? [{ ...view.position, width: node.width, height: node.height }] : [];
      });
      const fitted = fitOf(boxes);
      if (!fitted) return;
      // As AreaExtensions.zoomAt does it, with the cached size.
      area.area.transform.x = container.clientWidth / 2 - fitted.centerX * fitted.k;
      area.area.transform.y = container.clientHeight / 2 - fitted.centerY * fitted.k;
      await area.area.zoom(fitted.k, 0, 0);
    },
  };

  function fitOf(boxes: readonly { x: number; y: number; width: number; height: number }[]): { k: number; centerX: number; centerY: number } | null {
    if (hidden() || boxes.length === 0) return null;
    const left = Math.min(...boxes.map((box) => box.x));
    const top = Math.min(...boxes.map((box) => box.y));
    const right = Math.max(...boxes.map((box) => box.x + box.width));
    const bottom = Math.max(...boxes.map((box) => box.y + box.height));
    const k = Math.min((container.clientWidth / (right - left)) * FIT_SCALE, (container.clientHeight / (bottom - top)) * FIT_SCALE, 1);
    return { k, centerX: (left + right) / 2, centerY: (top + bottom) / 2 };
  }
}

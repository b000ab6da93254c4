import type { AreaPlugin } from 'rete-area-plugin';
import type { PlannerNode } from './planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';

/** How much of the view fitted nodes fill. */
const FIT_SCALE = 0.8;

/**
 * What the user sees of the canvas: fitting nodes into it (on open and on request only).
 * `size` is the canvas size as last reported (see observeContainerSize): reading `clientWidth` right
 * after 1,000 nodes were added would force the browser to lay them all out on the spot.
 */
export function createViewport(
  area: AreaPlugin<PlannerSchemes, PlannerAreaExtra>,
  size: { readonly width: number; readonly height: number },
) {
  const container = {
    get clientWidth() {
      return size.width;
    },
    get clientHeight() {
      return size.height;
    },
  };
  const hidden = () => container.clientWidth === 0 || container.clientHeight === 0;
  return {
    /**
     * The zoom `fit` would pick for these boxes (before the area's zoom limits), or null when it would
     * not fit (no boxes, or a hidden page). Lets a load know how far out its nodes will be seen.
     */
    fitScale(boxes: readonly { x: number; y: number; width: number; height: number }[]): number | null {
      const fitted = fitOf(boxes);
      return fitted?.k ?? null;
    },

    /**
     * Shows every node, never magnified beyond 100 %; an empty canvas is reset around its origin.
     * `within` is the part of the canvas to fit into (floating panels cover the rest), in pixels.
     */
    async fit(nodes: PlannerNode[], within?: { left: number; top: number; right: number; bottom: number }): Promise<void> {
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
      const rect =
        within && within.right - within.left > 0 && within.bottom - within.top > 0
          ? within
          : { left: 0, top: 0, right: container.clientWidth, bottom: container.clientHeight };
      const fitted = fitOf(boxes, { width: rect.right - rect.left, height: rect.bottom - rect.top });
      if (!fitted) return;
      // As AreaExtensions.zoomAt does it, with the cached size.
      area.area.transform.x = (rect.left + rect.right) / 2 - fitted.centerX * fitted.k;
      area.area.transform.y = (rect.top + rect.bottom) / 2 - fitted.centerY * fitted.k;
      await area.area.zoom(fitted.k, 0, 0);
    },
  };

  function fitOf(
    boxes: readonly { x: number; y: number; width: number; height: number }[],
    into: { width: number; height: number } = { width: container.clientWidth, height: container.clientHeight },
  ): { k: number; centerX: number; centerY: number } | null {
    if (hidden() || boxes.length === 0) return null;
    const left = Math.min(...boxes.map((box) => box.x));
    const top = Math.min(...boxes.map((box) => box.y));
    const right = Math.max(...boxes.map((box) => box.x + box.width));
    const bottom = Math.max(...boxes.map((box) => box.y + box.height));
    const k = Math.min((into.width / (right - left)) * FIT_SCALE, (into.height / (bottom - top)) * FIT_SCALE, 1);
    return { k, centerX: (left + right) / 2, centerY: (top + bottom) / 2 };
  }
}

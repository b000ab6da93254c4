import { DisposableStore, listen, nextFrame, type Disposable } from '../../../lifecycle/disposable-store';
import { panToReveal, type ScreenRect } from '../../placement';
import type { Position } from '../../planner-node';
import type { PlannerCore } from '../planner-core';

type CanvasBox = { x: number; y: number; width: number; height: number };

/** Where the visible canvas is, and keeping what matters inside it. */
export interface ViewportReveal extends Disposable {
  /** Client coordinates to canvas units. */
  toCanvas(clientX: number, clientY: number): Position;
  /** The middle of the visible area, in canvas units. */
  visibleCenter(): Position;
  /** Pans just enough to bring the boxes (canvas units) into the visible area; never zooms. */
  reveal(boxes: readonly CanvasBox[]): Promise<void>;
  /** Pans to show the one selected node; waits for the pointer's release while it is down. */
  revealSelection(): Promise<void>;
  zoomToFit(): Promise<void>;
}

/**
 * The visible part of the canvas (floating panels cover its right edge) and the pans that keep a node
 * in it. While a pointer is down (a click that selects, a drag), the view must not move under it: a
 * reveal asked for then waits for the release.
 */
export function installViewportReveal(core: PlannerCore): ViewportReveal {
  const { area, container, editor, screen } = core;
  const store = new DisposableStore();
  let pointerHeld = false;
  let revealOnRelease = false;

  /** The part of the canvas people can see, in pixels from its top left corner (see `visibleArea`). */
  const visibleRect = (): ScreenRect => {
    const covered = Math.min(Math.max(core.deps.occludedRight?.() ?? 0, 0), screen.width / 2);
    return { left: 0, top: 0, right: screen.width - covered, bottom: screen.height };
  };

  const reveal = async (boxes: readonly CanvasBox[]): Promise<void> => {
    if (boxes.length === 0 || screen.width === 0) return;
    const { x, y, k } = area.area.transform;
    const left = Math.min(...boxes.map((box) => box.x));
    const top = Math.min(...boxes.map((box) => box.y));
    const right = Math.max(...boxes.map((box) => box.x + box.width));
    const bottom = Math.max(...boxes.map((box) => box.y + box.height));
    const { dx, dy } = panToReveal({ left: left * k + x, top: top * k + y, right: right * k + x, bottom: bottom * k + y }, visibleRect());
    if (dx !== 0 || dy !== 0) await area.area.translate(x + dx, y + dy);
  };

  const revealSelection = async (): Promise<void> => {
    if (pointerHeld) {
      revealOnRelease = true;
      return;
    }
    // One node: the one the inspector shows. A larger selection is left where the user put the view.
    const selected = core.selectedNodes();
    const only = selected.length === 1 ? selected[0] : undefined;
    if (only) await reveal([{ ...core.positionOf(only.id), width: only.width, height: only.height }]);
  };

  store.add(
    listen(
      container,
      'pointerdown',
      () => {
        pointerHeld = true;
      },
      true,
    ),
  );
  store.add(
    listen(
      window,
      'pointerup',
      () => {
        if (!pointerHeld) return;
        pointerHeld = false;
        if (!revealOnRelease) return;
        revealOnRelease = false;
        nextFrame(store, () => void revealSelection());
      },
      true,
    ),
  );

  return {
    toCanvas(clientX, clientY) {
      const rect = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k };
    },
    visibleCenter() {
      const rect = visibleRect();
      const { x, y, k } = area.area.transform;
      return { x: ((rect.left + rect.right) / 2 - x) / k, y: ((rect.top + rect.bottom) / 2 - y) / k };
    },
    reveal,
    revealSelection,
    zoomToFit: () => core.viewport.fit(editor.getNodes(), visibleRect()),
    dispose: () => store.dispose(),
  };
}

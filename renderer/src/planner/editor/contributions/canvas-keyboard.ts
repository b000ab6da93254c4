import { DisposableStore, nextFrame, type Disposable } from '../../../lifecycle/disposable-store';
import { createCanvasKeyboard } from '../../keyboard/canvas-keyboard';
import type { PlannerCore } from '../planner-core';
import type { Selection } from './selection';
import type { ViewportReveal } from './viewport-reveal';

/** The arrow keys, Enter and Delete among the nodes (see canvas-keyboard.ts). */
export function installCanvasKeyboard(core: PlannerCore, selection: Selection, view: ViewportReveal): Disposable {
  const { area, container, editor } = core;
  const store = new DisposableStore();
  const nodeElement = (id: string): HTMLElement | null =>
    area.nodeViews.get(id)?.element.querySelector<HTMLElement>('[data-node-handle]') ?? null;
  store.add(
    createCanvasKeyboard(container, {
      boxes: () => core.nodeBoxes(),
      startNode: () => (core.readingOrder().find((node) => node.selected) ?? core.readingOrder()[0])?.id ?? null,
      isSelected: (id) => editor.getNode(id)?.selected === true,
      async focusNode(id) {
        if (!editor.getNode(id)) return;
        await selection.selectOnly(id);
        await view.revealSelection();
        // A node far off screen is hidden (view-culling.ts) until the culling has seen the pan, which it
        // does in the next frame, before this callback: a hidden element cannot take the focus.
        await new Promise<void>((resolve) => nextFrame(store, resolve));
        if (core.isDestroyed()) return;
        // No scrolling: the area places its content itself, and a scrolled canvas would misplace it.
        nodeElement(id)?.focus({ preventScroll: true });
      },
      open: (id) => core.deps.onOpenNode?.(id),
      async remove(id) {
        const node = editor.getNode(id);
        if (!node || core.readOnly !== null) return;
        if (!node.selected) await selection.selectOnly(id);
        await core.steps.asStep(async () => {
          for (const selected of core.selectedNodes()) await core.removeNodeWithWires(selected);
        });
        core.notify(true);
        // The focus stays on the canvas rather than falling back to the page.
        container.focus({ preventScroll: true });
      },
    }),
  );
  return store;
}

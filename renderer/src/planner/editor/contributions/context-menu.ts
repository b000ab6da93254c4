import { DisposableStore, listen, toDisposable, type Disposable } from '../../../lifecycle/disposable-store';
import { contextMenuTarget, type ContextMenuRequest } from '../../context-menu/context-menu-request';
import type { PlannerCore } from '../planner-core';
import type { Selection } from './selection';

/** A right press on a node or wire (not on empty canvas): it opens the context menu. */
export function isRightPressOnItem(event: PointerEvent): boolean {
  return event.button === 2 && event.target instanceof Element && contextMenuTarget(event.target).kind !== 'canvas';
}

export interface ContextMenu extends Disposable {
  /** Calls `listener` when a context menu should open (right click, or `open`). */
  onRequest(listener: (request: ContextMenuRequest) => void): () => void;
  /** Asks for the context menu from the keyboard: on the selection, or on the canvas when none. */
  open(): void;
}

/** Right clicks on the canvas ask for the context menu, acting on what was clicked. */
export function installContextMenu(core: PlannerCore, selection: Selection): ContextMenu {
  const { area, container, editor } = core;
  const store = new DisposableStore();
  const listeners = new Set<(request: ContextMenuRequest) => void>();
  store.add(toDisposable(() => listeners.clear()));
  const openMenu = (request: ContextMenuRequest): void => {
    for (const listener of listeners) listener(request);
  };

  // A right press on a node or wire must not reach the area, which takes it as a press on empty
  // canvas and clears the selection the menu acts on...
  let rightPressOnItem = false;
  store.add(
    listen(
      container,
      'pointerdown',
      (event) => {
        if (!isRightPressOnItem(event)) return;
        event.stopPropagation();
        rightPressOnItem = true;
      },
      true,
    ),
  );
  // ...nor its release, which the area reports as a click on empty canvas (window listener, bubbling).
  store.add(
    listen(
      window,
      'pointerup',
      (event) => {
        if (event.button !== 2 || !rightPressOnItem) return;
        rightPressOnItem = false;
        event.stopPropagation();
      },
      true,
    ),
  );
  store.add(
    listen(container, 'contextmenu', (event) => {
      event.preventDefault();
      const target = contextMenuTarget(event.target instanceof Element ? event.target : null);
      const request = { target, clientX: event.clientX, clientY: event.clientY };
      // A right click on a node outside the selection acts on that node alone.
      if (target.kind === 'node' && editor.getNode(target.id)?.selected !== true) {
        void selection.selectOnly(target.id).then(() => openMenu(request));
        return;
      }
      openMenu(request);
    }),
  );

  return {
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open() {
      const node = core.readingOrder().find((entry) => entry.selected);
      const element = node ? area.nodeViews.get(node.id)?.element : null;
      const box = (element?.firstElementChild ?? element)?.getBoundingClientRect() ?? container.getBoundingClientRect();
      openMenu({
        target: node ? { kind: 'node', id: node.id } : { kind: 'canvas' },
        clientX: box.left + Math.min(box.width / 2, 40),
        clientY: box.top + Math.min(box.height / 2, 30),
      });
    },
    dispose: () => store.dispose(),
  };
}

import { DisposableStore, listen, type Disposable } from '../../../lifecycle/disposable-store';
import type { Position } from '../../planner-node';
import type { PlannerCore } from '../planner-core';
import { isRightPressOnItem } from './context-menu';
import type { ViewportReveal } from './viewport-reveal';

/** The node under the last pointer press, as the selection needs it. */
export interface PointerPress {
  current: { id: string; wasSelected: boolean; modifier: boolean; position: Position } | null;
  /** Whether a node picked now adds to the selection (read by Rete's selectable nodes). */
  readonly accumulating: { active(): boolean };
}

/**
 * Shift or Ctrl on the pointer adds to the selection; pressing an already selected node keeps the
 * selection, so dragging it moves the whole group (a click without a drag then narrows or toggles).
 */
export function createPointerPress(): PointerPress {
  const press: PointerPress = {
    current: null,
    accumulating: { active: () => press.current !== null && (press.current.modifier || press.current.wasSelected) },
  };
  return press;
}

export interface Selection extends Disposable {
  selectOnly(nodeId: string): Promise<void>;
  /** Selects `ids`, adding to the selection when `additive`. */
  selectNodes(ids: readonly string[], additive?: boolean): Promise<void>;
  selectAll(): Promise<void>;
  clearSelection(): Promise<void>;
  /** Selects the next (1) or previous (-1) node in reading order. */
  selectAdjacent(step: 1 | -1): Promise<void>;
  /** Adds everything the selected nodes depend on (wires into them and `dependsOn`, transitively). */
  selectDependencies(): Promise<void>;
}

/** Which nodes are selected: pointer presses on nodes, and the selection commands. */
export function installSelection(core: PlannerCore, press: PointerPress, view: ViewportReveal): Selection {
  const { editor, selector, selectable } = core;
  const store = new DisposableStore();

  const selectOnly = async (nodeId: string): Promise<void> => {
    await selectable.select(nodeId, false);
    core.notify(false);
  };

  const selectNodes = async (ids: readonly string[], additive = false): Promise<void> => {
    if (!additive) await selector.unselectAll();
    for (const id of ids) if (editor.getNode(id)) await selectable.select(id, true);
    core.notify(false);
  };

  store.add(
    listen(
      core.container,
      'pointerdown',
      (event) => {
        // A right press on a node or wire belongs to the context menu, and keeps the press before it.
        if (isRightPressOnItem(event)) return;
        const element = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-node-id]') : null;
        const id = element?.dataset['nodeId'];
        const node = id ? editor.getNode(id) : undefined;
        press.current = node
          ? {
              id: node.id,
              wasSelected: node.selected === true,
              modifier: event.shiftKey || event.ctrlKey || event.metaKey,
              position: core.positionOf(node.id),
            }
          : null;
      },
      true,
    ),
  );
  store.add(
    core.signals.area.observe((context) => {
      const pressed = press.current;
      if (context.type === 'nodedragged' && pressed?.id === context.data.id && pressed.wasSelected) {
        const { id, modifier, position } = pressed;
        const now = core.positionOf(id);
        press.current = null;
        if (now.x === position.x && now.y === position.y) {
          if (modifier) void selectable.unselect(id);
          else void selectOnly(id);
        }
      }
      if (context.type === 'nodepicked' || context.type === 'pointerup') core.notify(false);
    }),
  );

  return {
    selectOnly,
    selectNodes,
    selectAll: () => selectNodes(editor.getNodes().map((node) => node.id)),
    async clearSelection() {
      await selector.unselectAll();
      core.notify(false);
    },
    async selectAdjacent(step) {
      const nodes = core.readingOrder();
      if (nodes.length === 0) return;
      const current = nodes.findIndex((node) => node.selected);
      const next = current === -1 ? (step === 1 ? 0 : nodes.length - 1) : (current + step + nodes.length) % nodes.length;
      const node = nodes[next];
      if (!node) return;
      await selectOnly(node.id);
      await view.revealSelection();
    },
    async selectDependencies() {
      const found = new Set(core.selectedNodes().map((node) => node.id));
      const queue = [...found];
      while (queue.length > 0) {
        const id = queue.pop()!;
        const upstream = [
          ...editor
            .getConnections()
            .filter((wire) => wire.target === id)
            .map((wire) => wire.source),
          ...(editor.getNode(id)?.dependsOn ?? []),
        ];
        for (const source of upstream) {
          if (found.has(source) || !editor.getNode(source)) continue;
          found.add(source);
          queue.push(source);
        }
      }
      await selectNodes([...found], true);
    },
    dispose: () => store.dispose(),
  };
}

import type { Box } from '../placement';
import { arrowDirection, nodeInDirection } from './node-direction';

export interface CanvasKeyboardActions {
  /** Every node's box in canvas units, read only when a key asks for it. */
  boxes(): (Box & { id: string })[];
  /** Where the arrows start from the canvas itself: the selected node, or the first in reading order. */
  startNode(): string | null;
  isSelected(id: string): boolean;
  /** Selects the node alone, pans it into view and puts the focus on it. */
  focusNode(id: string): Promise<void>;
  /** Enter on a node: open it in the inspector. */
  open(id: string): void;
  /** Delete on a node: delete the selection (the node included) as one undo step. */
  remove(id: string): Promise<void>;
}

/**
 * Keyboard paths among the nodes. The canvas is one tab stop; from it (or from a focused node) the
 * arrow keys move the focus and the selection to the nearest node that way, Enter (or Space) on a node
 * selects it and Enter opens the inspector, Delete removes it (undo brings it back). Only keys pressed
 * on the canvas or a node itself count, so fields and frames keep their arrows.
 */
export function createCanvasKeyboard(container: HTMLElement, actions: CanvasKeyboardActions): { dispose(): void } {
  const nodeIdOf = (target: EventTarget | null): string | null =>
    target instanceof HTMLElement && target.dataset['nodeHandle'] !== undefined ? target.dataset['nodeHandle'] : null;

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const nodeId = nodeIdOf(event.target);
    if (event.target !== container && nodeId === null) return;
    const direction = event.shiftKey ? null : arrowDirection(event.key);
    if (direction) {
      event.preventDefault();
      const boxes = actions.boxes();
      const from = nodeId === null ? null : boxes.find((box) => box.id === nodeId);
      const next = from
        ? nodeInDirection(
            from,
            boxes.filter((box) => box.id !== from.id),
            direction,
          )?.id
        : actions.startNode();
      if (next) void actions.focusNode(next);
      return;
    }
    if (nodeId === null || event.shiftKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void (actions.isSelected(nodeId) ? Promise.resolve() : actions.focusNode(nodeId)).then(() => {
        if (event.key === 'Enter') actions.open(nodeId);
      });
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      void actions.remove(nodeId);
    }
  };
  container.addEventListener('keydown', onKeyDown);
  return { dispose: () => container.removeEventListener('keydown', onKeyDown) };
}

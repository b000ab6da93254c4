/** What a context menu was opened on. */
export type ContextMenuTarget = { kind: 'node'; id: string } | { kind: 'wire'; id: string } | { kind: 'canvas' };

/** A request to show the context menu at a point of the window. */
export interface ContextMenuRequest {
  target: ContextMenuTarget;
  clientX: number;
  clientY: number;
}

/** Finds what a right click hit from the DOM the views render (`data-node-id`, `data-wire-id`). */
export function contextMenuTarget(element: Element | null): ContextMenuTarget {
  const node = element?.closest<HTMLElement>('[data-node-id]');
  if (node?.dataset['nodeId']) return { kind: 'node', id: node.dataset['nodeId'] };
  const wire = element?.closest<HTMLElement | SVGElement>('[data-wire-id]');
  const wireId = wire?.getAttribute('data-wire-id');
  if (wireId && wire?.getAttribute('data-testid') === 'planner-wire') return { kind: 'wire', id: wireId };
  return { kind: 'canvas' };
}

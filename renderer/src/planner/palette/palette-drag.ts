/**
 * The drag data type of a palette item: its component reference. Custom and the only type set (no
 * `text/plain`), so text fields do not take a dragged component as text, and stray text drops are ignored.
 */
export const COMPONENT_DRAG_TYPE = 'application/x-nimbus-component';

export function setComponentDragData(transfer: DataTransfer, ref: string): void {
  transfer.setData(COMPONENT_DRAG_TYPE, ref);
  transfer.effectAllowed = 'copy';
}

export function carriesComponent(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes(COMPONENT_DRAG_TYPE);
}

export function componentDragData(transfer: DataTransfer): string | null {
  const ref = transfer.getData(COMPONENT_DRAG_TYPE).trim();
  return ref === '' ? null : ref;
}

const carriesFiles = (transfer: DataTransfer | null): boolean => transfer !== null && Array.from(transfer.types).includes('Files');

/**
 * Palette items land on the canvas only. Over anything else (the inspector's fields, the toolbar,
 * the panels) a component drag shows "no drop", and a drop there is cancelled before a field or the
 * browser can take it; `onRefused` is told where it was let go, once per refused drag. A file dropped
 * on the page is refused too, rather than the browser leaving the planner to show it (topology files
 * open with File → Open). Returns the function that removes the listeners.
 */
export function refuseComponentDropsOutside(canvas: () => Element | null, onRefused: (target: EventTarget | null) => void): () => void {
  let refusedOver: EventTarget | null = null;
  const outside = (event: DragEvent): boolean => {
    const target = event.target;
    const area = canvas();
    return !(area !== null && target instanceof Node && area.contains(target));
  };
  const onDragOver = (event: DragEvent): void => {
    if (carriesFiles(event.dataTransfer)) {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
      return;
    }
    if (!carriesComponent(event.dataTransfer)) return;
    if (!outside(event)) {
      refusedOver = null;
      return;
    }
    // Taking the event from the element under the pointer, with no drop effect, refuses the drop.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    refusedOver = event.target;
  };
  const onDrop = (event: DragEvent): void => {
    if (carriesFiles(event.dataTransfer)) {
      event.preventDefault();
      return;
    }
    if (!carriesComponent(event.dataTransfer) || !outside(event)) return;
    event.preventDefault();
    event.stopPropagation();
    refusedOver = null;
    onRefused(event.target);
  };
  const onDragEnd = (event: DragEvent): void => {
    const over = refusedOver;
    refusedOver = null;
    if (over !== null && event.dataTransfer?.dropEffect === 'none') onRefused(over);
  };
  window.addEventListener('dragenter', onDragOver, true);
  window.addEventListener('dragover', onDragOver, true);
  window.addEventListener('drop', onDrop, true);
  window.addEventListener('dragend', onDragEnd, true);
  return () => {
    window.removeEventListener('dragenter', onDragOver, true);
    window.removeEventListener('dragover', onDragOver, true);
    window.removeEventListener('drop', onDrop, true);
    window.removeEventListener('dragend', onDragEnd, true);
  };
}

/** The drag data type of a palette item: its component reference. Custom, so stray text drops are ignored. */
export const COMPONENT_DRAG_TYPE = 'application/x-nimbus-component';

export function setComponentDragData(transfer: DataTransfer, ref: string): void {
  transfer.setData(COMPONENT_DRAG_TYPE, ref);
  transfer.setData('text/plain', ref);
  transfer.effectAllowed = 'copy';
}

export function carriesComponent(transfer: DataTransfer): boolean {
  return Array.from(transfer.types).includes(COMPONENT_DRAG_TYPE);
}

export function componentDragData(transfer: DataTransfer): string | null {
  const ref = transfer.getData(COMPONENT_DRAG_TYPE).trim();
  return ref === '' ? null : ref;
}

import { rectFromCorners, type Rect } from './selection-rect';

/** Where a drag must not start a band: on nodes, frames, the minimap and menus. */
const NOT_EMPTY = '[data-node-id], [data-frame-id], [data-testid="planner-minimap"], [role="menu"], [data-testid="planner-socket"]';

/**
 * Shift+drag on empty canvas draws a selection rectangle; a plain drag keeps panning (the area plugin
 * handles it). Listens on the window in the capture phase, so the area never sees a band's pointerdown.
 */
export function createRubberBand(
  container: HTMLElement,
  options: { toCanvas(clientX: number, clientY: number): { x: number; y: number }; onSelect(rect: Rect): void },
): { destroy(): void } {
  let band: { element: HTMLDivElement; startX: number; startY: number; pointerId: number } | null = null;

  const place = (clientX: number, clientY: number): void => {
    if (!band) return;
    const bounds = container.getBoundingClientRect();
    const rect = rectFromCorners({ x: band.startX, y: band.startY }, { x: clientX, y: clientY });
    Object.assign(band.element.style, {
      left: `${rect.x - bounds.left}px`,
      top: `${rect.y - bounds.top}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
  };

  const onMove = (event: PointerEvent): void => {
    if (band?.pointerId === event.pointerId) place(event.clientX, event.clientY);
  };
  const onUp = (event: PointerEvent): void => {
    if (band?.pointerId !== event.pointerId) return;
    const { element, startX, startY } = band;
    band = null;
    element.remove();
    window.removeEventListener('pointermove', onMove, true);
    window.removeEventListener('pointerup', onUp, true);
    window.removeEventListener('pointercancel', onUp, true);
    // A shift+click without a drag selects nothing new.
    if (Math.abs(event.clientX - startX) < 4 && Math.abs(event.clientY - startY) < 4) return;
    options.onSelect(rectFromCorners(options.toCanvas(startX, startY), options.toCanvas(event.clientX, event.clientY)));
  };
  const onDown = (event: PointerEvent): void => {
    if (!event.shiftKey || event.button !== 0 || band) return;
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !container.contains(target) || target.closest(NOT_EMPTY)) return;
    event.stopPropagation();
    event.preventDefault();
    const element = document.createElement('div');
    element.className = 'planner-rubber-band';
    element.dataset['testid'] = 'planner-rubber-band';
    container.append(element);
    band = { element, startX: event.clientX, startY: event.clientY, pointerId: event.pointerId };
    place(event.clientX, event.clientY);
    window.addEventListener('pointermove', onMove, true);
    window.addEventListener('pointerup', onUp, true);
    window.addEventListener('pointercancel', onUp, true);
  };
  window.addEventListener('pointerdown', onDown, true);

  return {
    destroy() {
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onUp, true);
      window.removeEventListener('pointercancel', onUp, true);
      band?.element.remove();
      band = null;
    },
  };
}

import type { Rect } from '../selection/selection-rect';

const SVG = 'http://www.w3.org/2000/svg';
const STORAGE_KEY = 'nimbus.planner.minimap';
const WIDTH = 200;
const HEIGHT = 140;

export interface MinimapSource {
  /** Node boxes in canvas units. */
  nodes(): Iterable<Rect>;
  frames(): Iterable<Rect>;
  transform(): { x: number; y: number; k: number };
  /** The canvas' size on screen; read on every draw, so it must not force a layout. */
  screen(): { width: number; height: number };
  /** Centres the view on a canvas point. */
  centerOn(x: number, y: number): void;
}

/** Whether the minimap shows, remembered across sessions (defaults to shown). */
export function minimapPreference(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(STORAGE_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

const rectPath = (boxes: Iterable<Rect>): string => {
  let d = '';
  for (const box of boxes)
    d += `M${Math.round(box.x)} ${Math.round(box.y)}h${Math.round(box.width)}v${Math.round(box.height)}h${-Math.round(box.width)}z`;
  return d;
};

const setIfChanged = (element: Element, name: string, value: string): void => {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
};

/**
 * An overview in the canvas corner: every node as a rectangle and the visible part as an outline; a
 * click or drag on it moves the view there. All nodes form one SVG path redrawn at most once per
 * animation frame, so a thousand nodes cost one attribute write, not a thousand elements.
 */
export function createMinimap(container: HTMLElement, source: MinimapSource) {
  const root = document.createElementNS(SVG, 'svg');
  root.classList.add('planner-minimap');
  root.dataset['testid'] = 'planner-minimap';
  root.setAttribute('width', String(WIDTH));
  root.setAttribute('height', String(HEIGHT));
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', 'Minimap of the topology');
  const framePath = document.createElementNS(SVG, 'path');
  framePath.classList.add('planner-minimap__frames');
  const nodePath = document.createElementNS(SVG, 'path');
  nodePath.classList.add('planner-minimap__nodes');
  const view = document.createElementNS(SVG, 'rect');
  view.classList.add('planner-minimap__view');
  view.dataset['testid'] = 'planner-minimap-view';
  root.append(framePath, nodePath, view);
  container.append(root);

  let visible = minimapPreference();
  let frame: number | null = null;
  // The canvas rectangle the minimap shows, for turning a click back into canvas units.
  let shown: Rect = { x: 0, y: 0, width: 1, height: 1 };

  const draw = (): void => {
    // Drawn now: a frame still asked for would draw the same again (and outlive `destroy`).
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    root.style.display = visible ? '' : 'none';
    if (!visible) return;
    const { x, y, k } = source.transform();
    const screen = source.screen();
    const viewport = { x: -x / k, y: -y / k, width: screen.width / k, height: screen.height / k };
    let left = viewport.x;
    let top = viewport.y;
    let right = viewport.x + viewport.width;
    let bottom = viewport.y + viewport.height;
    const nodes = [...source.nodes()];
    for (const box of nodes) {
      left = Math.min(left, box.x);
      top = Math.min(top, box.y);
      right = Math.max(right, box.x + box.width);
      bottom = Math.max(bottom, box.y + box.height);
    }
    const pad = 40;
    // Keep the minimap's aspect ratio so the viewport outline is not distorted.
    let width = right - left + 2 * pad;
    let height = bottom - top + 2 * pad;
    if (width / height > WIDTH / HEIGHT) height = (width * HEIGHT) / WIDTH;
    else width = (height * WIDTH) / HEIGHT;
    shown = { x: left - pad, y: top - pad, width, height };
    // Only what changed is written: while the view pans, the node rectangles stay as they are, and
    // writing a path again (even unchanged) makes the browser parse it and lay the minimap out again.
    setIfChanged(root, 'viewBox', `${shown.x} ${shown.y} ${shown.width} ${shown.height}`);
    setIfChanged(nodePath, 'd', rectPath(nodes));
    setIfChanged(framePath, 'd', rectPath(source.frames()));
    view.setAttribute('x', String(viewport.x));
    view.setAttribute('y', String(viewport.y));
    view.setAttribute('width', String(viewport.width));
    view.setAttribute('height', String(viewport.height));
  };

  const schedule = (): void => {
    if (frame === null && visible) frame = requestAnimationFrame(draw);
  };

  const moveTo = (event: PointerEvent): void => {
    const bounds = root.getBoundingClientRect();
    source.centerOn(
      shown.x + ((event.clientX - bounds.left) / bounds.width) * shown.width,
      shown.y + ((event.clientY - bounds.top) / bounds.height) * shown.height,
    );
    schedule();
  };
  const onMove = (event: PointerEvent): void => moveTo(event);
  const onUp = (): void => {
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
  };
  root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    // The area would pan, and the selection would clear, behind the minimap.
    event.stopPropagation();
    event.preventDefault();
    moveTo(event);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  });
  root.addEventListener('wheel', (event) => event.stopPropagation());
  draw();

  return {
    schedule,
    get visible() {
      return visible;
    },
    setVisible(next: boolean): void {
      visible = next;
      try {
        localStorage.setItem(STORAGE_KEY, next ? 'shown' : 'hidden');
      } catch {
        // Storage denied: the choice lasts for this session.
      }
      draw();
    },
    destroy(): void {
      if (frame !== null) cancelAnimationFrame(frame);
      onUp();
      root.remove();
    },
  };
}

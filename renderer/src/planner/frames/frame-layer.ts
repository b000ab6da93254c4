import { GRID_STEP } from '../grid';
import { FRAME_MIN_SIZE, type TopologyFrame } from './frame-membership';

const ARROWS: Record<string, { dx: number; dy: number }> = {
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowRight: { dx: 1, dy: 0 },
  ArrowUp: { dx: 0, dy: -1 },
  ArrowDown: { dx: 0, dy: 1 },
};

export interface FrameLayerHandlers {
  /** The canvas zoom, to turn pointer movement into canvas units. */
  scale(): number;
  /** A title-bar drag begins; `move` follows with the distance so far, `end` once released. */
  moveStart(id: string): void;
  move(id: string, dx: number, dy: number): void;
  moveEnd(id: string): void;
  /** A key press: moves the frame and its nodes by (dx, dy) canvas units as one undo step. */
  nudge(id: string, dx: number, dy: number): void;
  /** The corner handle: the same three phases with the size so far. */
  resizeStart(id: string): void;
  resize(id: string, width: number, height: number): void;
  resizeEnd(id: string): void;
  rename(id: string, label: string): void;
  remove(id: string): void;
}

/**
 * Follows one pointer drag on the window, reporting the distance from where it started. Returns what
 * stops following it without ending it (the layer is destroyed mid-drag).
 */
function trackDrag(event: PointerEvent, onMove: (dx: number, dy: number) => void, onEnd: () => void): () => void {
  const startX = event.clientX;
  const startY = event.clientY;
  const move = (next: PointerEvent): void => onMove(next.clientX - startX, next.clientY - startY);
  const stop = (): void => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    window.removeEventListener('pointercancel', up);
  };
  const up = (): void => {
    stop();
    onEnd();
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
  window.addEventListener('pointercancel', up);
  return stop;
}

/**
 * Frames drawn as plain DOM in the area's transformed content, as its first child so nodes and wires
 * paint over them. Only the title bar and the corner handle take the pointer; the body lets a drag
 * through to pan the canvas and a click through to clear the selection. The title bar also takes the
 * keyboard focus: the arrow keys move the frame with its nodes a grid step (one undo step each),
 * F2 or Enter renames it, Delete removes it.
 */
export function createFrameLayer(
  holder: HTMLElement,
  handlers: FrameLayerHandlers,
): { render(frames: readonly TopologyFrame[]): void; destroy(): void } {
  const layer = document.createElement('div');
  layer.className = 'planner-frames';
  holder.prepend(layer);
  let editing: string | null = null;
  /** Stops the drag under way, if any. */
  let stopDrag: (() => void) | null = null;

  const startRename = (frame: TopologyFrame, title: HTMLElement): void => {
    editing = frame.id;
    const input = document.createElement('input');
    input.className = 'planner-frame__input';
    input.value = frame.label;
    input.setAttribute('aria-label', 'Frame name');
    input.dataset['testid'] = 'planner-frame-input';
    title.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      editing = null;
      if (save && input.value.trim() !== '') {
        handlers.rename(frame.id, input.value.trim().slice(0, 120));
      } else {
        title.textContent = frame.label;
        title.parentElement?.focus({ preventScroll: true });
      }
    };
    input.addEventListener('pointerdown', (event) => event.stopPropagation());
    input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') finish(true);
      if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  };

  const draw = (frame: TopologyFrame): HTMLElement => {
    const element = document.createElement('div');
    element.className = 'planner-frame';
    element.dataset['frameId'] = frame.id;
    element.dataset['testid'] = 'planner-frame';
    element.dataset['label'] = frame.label;
    Object.assign(element.style, {
      transform: `translate(${frame.position.x}px, ${frame.position.y}px)`,
      width: `${frame.size.width}px`,
      height: `${frame.size.height}px`,
    });

    const bar = document.createElement('div');
    bar.className = 'planner-frame__bar';
    bar.dataset['testid'] = 'planner-frame-bar';
    bar.title = 'Drag (or focus and use the arrow keys) to move the frame with its nodes; double-click or F2 to rename';
    bar.tabIndex = 0;
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', `Frame ${frame.label}: arrow keys move it with its nodes, F2 renames it, Delete removes it`);
    const title = document.createElement('span');
    title.className = 'planner-frame__title';
    title.dataset['testid'] = 'planner-frame-title';
    title.textContent = frame.label;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'planner-frame__remove';
    remove.dataset['testid'] = 'planner-frame-remove';
    remove.title = 'Delete the frame (its nodes stay)';
    remove.setAttribute('aria-label', `Delete frame ${frame.label}`);
    remove.textContent = '×';
    remove.addEventListener('pointerdown', (event) => event.stopPropagation());
    remove.addEventListener('click', () => handlers.remove(frame.id));
    bar.append(title, remove);
    bar.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || editing === frame.id) return;
      event.stopPropagation();
      const k = handlers.scale();
      handlers.moveStart(frame.id);
      stopDrag = trackDrag(
        event,
        (dx, dy) => handlers.move(frame.id, dx / k, dy / k),
        () => {
          stopDrag = null;
          handlers.moveEnd(frame.id);
        },
      );
    });
    bar.addEventListener('keydown', (event) => {
      if (event.target !== bar || event.altKey || event.ctrlKey || event.metaKey) return;
      const arrow = ARROWS[event.key];
      if (arrow) {
        handlers.nudge(frame.id, arrow.dx * GRID_STEP, arrow.dy * GRID_STEP);
      } else if (event.key === 'F2' || event.key === 'Enter') {
        startRename(frame, title);
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        handlers.remove(frame.id);
      } else {
        return;
      }
      // Not also the canvas' own shortcuts (Shift+Arrow moves selected nodes, Delete deletes them).
      event.preventDefault();
      event.stopPropagation();
    });
    bar.addEventListener('dblclick', (event) => {
      event.stopPropagation();
      startRename(frame, title);
    });

    const corner = document.createElement('div');
    corner.className = 'planner-frame__resize';
    corner.dataset['testid'] = 'planner-frame-resize';
    corner.title = 'Drag to resize';
    corner.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.stopPropagation();
      const k = handlers.scale();
      const { width, height } = frame.size;
      handlers.resizeStart(frame.id);
      stopDrag = trackDrag(
        event,
        (dx, dy) =>
          handlers.resize(frame.id, Math.max(FRAME_MIN_SIZE.width, width + dx / k), Math.max(FRAME_MIN_SIZE.height, height + dy / k)),
        () => {
          stopDrag = null;
          handlers.resizeEnd(frame.id);
        },
      );
    });
    element.append(bar, corner);
    return element;
  };

  return {
    render(frames) {
      // A frame being renamed keeps its input; everything else is redrawn (frames are few).
      if (editing !== null) return;
      // Redrawing must not take the keyboard focus away from a frame being moved with the arrows.
      const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.planner-frame');
      const focusedId = focused && layer.contains(focused) ? focused.dataset['frameId'] : undefined;
      layer.replaceChildren(...frames.map(draw));
      if (focusedId !== undefined)
        layer
          .querySelector<HTMLElement>(`.planner-frame[data-frame-id="${CSS.escape(focusedId)}"] .planner-frame__bar`)
          ?.focus({ preventScroll: true });
    },
    destroy() {
      stopDrag?.();
      stopDrag = null;
      layer.remove();
    },
  };
}

import { FRAME_MIN_SIZE, type TopologyFrame } from './frame-membership';

export interface FrameLayerHandlers {
  /** The canvas zoom, to turn pointer movement into canvas units. */
  scale(): number;
  /** A title-bar drag begins; `move` follows with the distance so far, `end` once released. */
  moveStart(id: string): void;
  move(id: string, dx: number, dy: number): void;
  moveEnd(id: string): void;
  /** The corner handle: the same three phases with the size so far. */
  resizeStart(id: string): void;
  resize(id: string, width: number, height: number): void;
  resizeEnd(id: string): void;
  rename(id: string, label: string): void;
  remove(id: string): void;
}

/** Follows one pointer drag on the window, reporting the distance from where it started. */
function trackDrag(event: PointerEvent, onMove: (dx: number, dy: number) => void, onEnd: () => void): void {
  const startX = event.clientX;
  const startY = event.clientY;
  const move = (next: PointerEvent): void => onMove(next.clientX - startX, next.clientY - startY);
  const up = (): void => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    window.removeEventListener('pointercancel', up);
    onEnd();
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
  window.addEventListener('pointercancel', up);
}

/**
 * Frames drawn as plain DOM in the area's transformed content, as its first child so nodes and wires
 * paint over them. Only the title bar and the corner handle take the pointer; the body lets a drag
 * through to pan the canvas and a click through to clear the selection.
 */
export function createFrameLayer(holder: HTMLElement, handlers: FrameLayerHandlers): { render(frames: readonly TopologyFrame[]): void; destroy(): void } {
  const layer = document.createElement('div');
  layer.className = 'planner-frames';
  holder.prepend(layer);
  let editing: string | null = null;

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
      if (save && input.value.trim() !== '') handlers.rename(frame.id, input.value.trim().slice(0, 120));
      else title.textContent = frame.label;
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
    bar.title = 'Drag to move the frame with its nodes; double-click to rename';
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
      trackDrag(
        event,
        (dx, dy) => handlers.move(frame.id, dx / k, dy / k),
        () => handlers.moveEnd(frame.id),
      );
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
      trackDrag(
        event,
        (dx, dy) => handlers.resize(frame.id, Math.max(FRAME_MIN_SIZE.width, width + dx / k), Math.max(FRAME_MIN_SIZE.height, height + dy / k)),
        () => handlers.resizeEnd(frame.id),
      );
    });
    element.append(bar, corner);
    return element;
  };

  return {
    render(frames) {
      // A frame being renamed keeps its input; everything else is redrawn (frames are few).
      if (editing !== null) return;
      layer.replaceChildren(...frames.map(draw));
    },
    destroy() {
      layer.remove();
    },
  };
}

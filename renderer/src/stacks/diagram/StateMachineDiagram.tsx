import { useEffect, useLayoutEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent, type PointerEvent } from 'react';
import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { LIFECYCLE_WORKFLOWS } from '../../../../engine/common/lifecycle-workflows';
import {
  addState,
  addTransition,
  freshStateName,
  placeStates,
  removeState,
  removeTransition,
  renameState,
  updateState,
  updateTransition,
} from '../model/machine-edits';
import { DiagramEdge } from './DiagramEdge';
import { DiagramNode } from './DiagramNode';
import { diagramBounds, layoutStates, stateAt, STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';
import { placeProblems } from './diagram-problems';
import { layoutEdges } from './diagram-edges';
import { StateForm } from './StateForm';
import { TransitionForm } from './TransitionForm';
import './state-diagram.css';

export interface StateMachineDiagramProps {
  machine: StateMachineDocument;
  /** The state an instance is in, highlighted (read-only use on the instance page). */
  current?: string | null;
  /** A workflow of the current state is running. */
  busy?: boolean;
  editable?: boolean;
  /** Called with the whole new machine after each edit (a drag reports once, when it ends). */
  onChange?: (machine: StateMachineDocument) => void;
  /** Problems of the draft; those whose path points into the machine are shown on what they name. */
  problems?: { path: string; message: string }[];
  /** Workflows offered for transitions (lifecycle ones by default; the editor adds the stack's operations). */
  workflows?: readonly string[];
}

type Selection = { kind: 'state'; index: number } | { kind: 'transition'; index: number } | null;
type Gesture = { kind: 'move'; name: string; grab: Point; moved: boolean; at?: Point } | { kind: 'connect'; from: string; moved: boolean };

const NO_PROBLEMS: { path: string; message: string }[] = [];
const DRAG_THRESHOLD = 4;
const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 3;
const clampZoom = (value: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, value));

/**
 * A stack's state machine as a diagram: states as boxes, transitions as labelled arrows. Read-only it
 * shows where an instance is; editable it is the machine's editor — drag states, drag from a state's
 * handle to draw a transition, select to edit in the side form, Delete to remove. Plain SVG: the
 * machine is small, and every element stays a testable DOM node.
 */
export function StateMachineDiagram(props: StateMachineDiagramProps): JSX.Element {
  const {
    machine,
    current = null,
    busy = false,
    editable = false,
    onChange,
    problems = NO_PROBLEMS,
    workflows = LIFECYCLE_WORKFLOWS,
  } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [drag, setDrag] = useState<{ name: string; at: Point } | null>(null);
  const [pointer, setPointer] = useState<{ from: string; at: Point } | null>(null);
  const gesture = useRef<Gesture | null>(null);
  // null: the whole machine fits the canvas (scaled down, never up); otherwise a scale, and the canvas scrolls.
  const [zoom, setZoom] = useState<number | null>(null);
  // Zoomed, the diagram has a canvas' worth of room around it, so any point can be scrolled to under
  // the pointer (a zoom keeps the point under the pointer where it is, even near an edge).
  const [room, setRoom] = useState({ x: 0, y: 0 });

  const layout = useMemo(() => layoutStates(machine), [machine]);
  const positions = useMemo(() => (drag ? new Map(layout).set(drag.name, drag.at) : layout), [layout, drag]);
  // The canvas keeps its size during a drag (it follows the stored layout), so it does not jump under the pointer.
  const bounds = useMemo(() => diagramBounds(layout.values()), [layout]);
  const placed = useMemo(() => placeProblems(problems), [problems]);
  // Label placement tries many spots per label: not again on every pointer move while drawing a wire.
  const edgeLayout = useMemo(() => layoutEdges(machine.transitions, positions), [machine.transitions, positions]);
  const canEdit = editable && onChange !== undefined;
  const change = (next: StateMachineDocument) => onChange?.(next);
  const selected =
    selection && (selection.kind === 'state' ? machine.states[selection.index] : machine.transitions[selection.index]) ? selection : null;

  const toDiagram = (event: { clientX: number; clientY: number }): Point => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return { x: event.clientX, y: event.clientY };
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  };

  const startMove = (name: string, event: PointerEvent) => {
    if (event.button !== 0) return;
    const at = layout.get(name);
    if (!at) return;
    const point = toDiagram(event);
    gesture.current = { kind: 'move', name, grab: { x: point.x - at.x, y: point.y - at.y }, moved: false };
    svgRef.current?.setPointerCapture(event.pointerId);
    (event.currentTarget as SVGGElement).focus({ preventScroll: true });
  };

  const startConnect = (name: string, event: PointerEvent) => {
    if (event.button !== 0) return;
    gesture.current = { kind: 'connect', from: name, moved: false };
    svgRef.current?.setPointerCapture(event.pointerId);
    setPointer({ from: name, at: toDiagram(event) });
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const active = gesture.current;
    if (!active) return;
    const point = toDiagram(event);
    if (active.kind === 'move') {
      const next = { x: point.x - active.grab.x, y: point.y - active.grab.y };
      const origin = layout.get(active.name);
      if (!active.moved && origin && Math.hypot(next.x - origin.x, next.y - origin.y) < DRAG_THRESHOLD) return;
      active.moved = true;
      active.at = next;
      setDrag({ name: active.name, at: next });
    } else {
      active.moved = true;
      setPointer({ from: active.from, at: point });
    }
  };

  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    const active = gesture.current;
    gesture.current = null;
    if (svgRef.current?.hasPointerCapture(event.pointerId)) svgRef.current.releasePointerCapture(event.pointerId);
    if (!active) return;
    if (active.kind === 'move') {
      const index = machine.states.findIndex((state) => state.name === active.name);
      if (active.moved && active.at) change(placeStates(machine, new Map(layout).set(active.name, active.at)));
      setDrag(null);
      setSelection({ kind: 'state', index });
      return;
    }
    setPointer(null);
    const target = active.moved ? stateAt(layout, toDiagram(event)) : null;
    if (target) {
      change(addTransition(machine, active.from, target));
      setSelection({ kind: 'transition', index: machine.transitions.length });
    }
  };

  /** The scale the diagram is drawn at now, fitted or chosen. */
  const currentScale = (): number => {
    if (zoom !== null) return zoom;
    const width = svgRef.current?.getBoundingClientRect().width ?? 0;
    return width > 0 ? width / bounds.width : 1;
  };
  // The point of the diagram that stays where it is on screen through a zoom: the one under the
  // pointer for Ctrl+wheel, the middle of the view for the buttons and keys.
  const zoomAnchor = useRef<{ point: Point; client: Point } | null>(null);
  const zoomBy = (factor: number, at?: { clientX: number; clientY: number }) => {
    const canvas = canvasRef.current?.getBoundingClientRect();
    const client = at
      ? { x: at.clientX, y: at.clientY }
      : canvas
        ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 }
        : null;
    zoomAnchor.current = client ? { point: toDiagram({ clientX: client.x, clientY: client.y }), client } : null;
    if (canvasRef.current) setRoom({ x: canvasRef.current.clientWidth, y: canvasRef.current.clientHeight });
    setZoom(clampZoom(Math.round(currentScale() * factor * 100) / 100));
  };
  const fit = () => {
    zoomAnchor.current = null;
    setZoom(null);
  };
  const zoomByRef = useRef(zoomBy);
  useLayoutEffect(() => {
    zoomByRef.current = zoomBy;
  });
  // Once the new scale is laid out, scroll so the anchor is back under the pointer (as far as the
  // canvas can scroll).
  useLayoutEffect(() => {
    const anchor = zoomAnchor.current;
    zoomAnchor.current = null;
    const matrix = svgRef.current?.getScreenCTM();
    const canvas = canvasRef.current;
    if (!anchor || !matrix || !canvas) return;
    const now = new DOMPoint(anchor.point.x, anchor.point.y).matrixTransform(matrix);
    canvas.scrollLeft += now.x - anchor.client.x;
    canvas.scrollTop += now.y - anchor.client.y;
  }, [zoom]);
  // Ctrl+wheel zooms the diagram, not the page: that needs a listener that is not passive, which
  // React's onWheel is.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      zoomByRef.current(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  const deleteSelection = () => {
    if (!selected || !canEdit) return;
    change(selected.kind === 'state' ? removeState(machine, selected.index) : removeTransition(machine, selected.index));
    setSelection(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (
      event.target instanceof HTMLInputElement ||
      event.target instanceof HTMLTextAreaElement ||
      event.target instanceof HTMLSelectElement
    )
      return;
    if ((event.key === 'Delete' || event.key === 'Backspace') && selected && canEdit) {
      event.preventDefault();
      deleteSelection();
    } else if ((event.key === '+' || event.key === '=') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      zoomBy(ZOOM_STEP);
    } else if (event.key === '-' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      zoomBy(1 / ZOOM_STEP);
    } else if (event.key === '0' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      fit();
    } else if (event.key === 'Escape') {
      setSelection(null);
      setPointer(null);
      gesture.current = null;
    }
  };

  const addNewState = () => {
    const name = freshStateName(machine);
    const next = addState(machine, { name });
    // Placed by the automatic layout, then fixed there so later drags do not move it.
    const at = layoutStates(next).get(name);
    change(at ? placeStates(next, new Map([[name, at]])) : next);
    setSelection({ kind: 'state', index: machine.states.length });
  };

  const placedEdges = edgeLayout.map(({ index, transition, shape, labelAt }) => ({
    key: `${index}:${transition.from}:${transition.trigger}`,
    props: {
      transition,
      shape,
      labelAt,
      selected: selected?.kind === 'transition' && selected.index === index,
      editable: canEdit,
      available: current !== null && transition.from === current,
      problems: placed.transitions.get(index),
      onSelect: () => setSelection({ kind: 'transition', index }),
    },
  }));
  const pointerFrom = pointer ? positions.get(pointer.from) : undefined;

  return (
    <div
      className={`state-diagram${canEdit ? ' state-diagram--editable' : ''}`}
      data-testid="state-diagram"
      data-busy={busy ? 'true' : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="state-diagram__main">
        {canEdit && (
          <div className="state-diagram__bar">
            <button type="button" className="button button--small" onClick={addNewState} data-testid="add-state">
              <Icon name="plus" size={14} />
              <span>Add state</span>
            </button>
            <span className="state-diagram__hint">
              Drag states to arrange them; drag from a state’s right-hand dot to another state to add a transition; Delete removes the
              selection.
            </span>
          </div>
        )}
        {placed.general.length > 0 && (
          <div className="inline-problem state-diagram__problems" role="status" data-testid="machine-problems">
            <Icon name="alert" size={14} />
            <div>
              {placed.general.map((message) => (
                <div key={message}>{message}</div>
              ))}
            </div>
          </div>
        )}
        <div className="state-diagram__viewport">
          <div className="state-diagram__zoom" role="group" aria-label="Zoom">
            <button
              type="button"
              className="icon-button"
              onClick={() => zoomBy(1 / ZOOM_STEP)}
              aria-label="Zoom out"
              title="Zoom out (-, Ctrl+wheel)"
              data-testid="diagram-zoom-out"
            >
              −
            </button>
            <button
              type="button"
              className="state-diagram__zoom-level"
              onClick={fit}
              title="Fit the whole machine (0)"
              data-testid="diagram-zoom-fit"
            >
              {zoom === null ? 'Fit' : `${Math.round(zoom * 100)}%`}
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => zoomBy(ZOOM_STEP)}
              aria-label="Zoom in"
              title="Zoom in (+, Ctrl+wheel)"
              data-testid="diagram-zoom-in"
            >
              +
            </button>
          </div>
          <div className="state-diagram__canvas" tabIndex={-1} ref={canvasRef} data-testid="state-diagram-canvas">
            <svg
              ref={svgRef}
              className={`state-diagram__svg${zoom === null ? '' : ' state-diagram__svg--zoomed'}`}
              viewBox={`${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`}
              // Fitted: natural size, scaled down (never up) to the canvas, so text stays at most its real
              // size. Zoomed: the chosen scale, and the canvas scrolls.
              width={bounds.width * (zoom ?? 1)}
              height={bounds.height * (zoom ?? 1)}
              data-zoom={zoom ?? 'fit'}
              style={zoom === null ? undefined : { margin: `${room.y}px ${room.x}px` }}
              preserveAspectRatio="xMidYMid meet"
              role="group"
              aria-label="State machine"
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={() => {
                gesture.current = null;
                setDrag(null);
                setPointer(null);
              }}
              onPointerDown={(event) => {
                if (event.target === event.currentTarget) setSelection(null);
              }}
            >
              <defs>
                <marker
                  id="state-diagram-arrow"
                  viewBox="0 0 10 10"
                  refX={9}
                  refY={5}
                  markerWidth={7}
                  markerHeight={7}
                  orient="auto-start-reverse"
                >
                  <path d="M 0 0 L 10 5 L 0 10 z" className="state-diagram__arrowhead" />
                </marker>
              </defs>
              <rect
                className="state-diagram__backdrop"
                x={bounds.x}
                y={bounds.y}
                width={bounds.width}
                height={bounds.height}
                onPointerDown={() => setSelection(null)}
              />
              {placedEdges.map((edge) => (
                <DiagramEdge key={`line:${edge.key}`} part="line" {...edge.props} />
              ))}
              {machine.states.map((state, index) => {
                const at = positions.get(state.name);
                if (!at) return null;
                return (
                  <DiagramNode
                    key={`${index}:${state.name}`}
                    state={state}
                    at={at}
                    current={current === state.name}
                    busy={busy}
                    selected={selected?.kind === 'state' && selected.index === index}
                    editable={canEdit}
                    problems={placed.states.get(index)}
                    onPointerDown={(event) => startMove(state.name, event)}
                    onHandlePointerDown={(event) => startConnect(state.name, event)}
                    onSelect={() => setSelection({ kind: 'state', index })}
                  />
                );
              })}
              {placedEdges.map((edge) => (
                <DiagramEdge key={`label:${edge.key}`} part="label" {...edge.props} />
              ))}
              {pointer && pointerFrom && (
                <line
                  className="state-diagram__rubber"
                  x1={pointerFrom.x + STATE_WIDTH}
                  y1={pointerFrom.y + STATE_HEIGHT / 2}
                  x2={pointer.at.x}
                  y2={pointer.at.y}
                  markerEnd="url(#state-diagram-arrow)"
                />
              )}
            </svg>
          </div>
        </div>
      </div>
      {canEdit && (
        <aside className="state-diagram__side" aria-label="Selected element">
          {selected?.kind === 'state' ? (
            <StateForm
              machine={machine}
              index={selected.index}
              problems={placed.states.get(selected.index)}
              onRename={(name) => {
                const old = machine.states[selected.index]?.name;
                if (old !== undefined) change(renameState(machine, old, name));
              }}
              onChange={(patch) => change(updateState(machine, selected.index, patch))}
              onDelete={deleteSelection}
            />
          ) : selected?.kind === 'transition' ? (
            <TransitionForm
              machine={machine}
              index={selected.index}
              workflows={workflows}
              problems={placed.transitions.get(selected.index)}
              onChange={(patch) => change(updateTransition(machine, selected.index, patch))}
              onDelete={deleteSelection}
            />
          ) : (
            <p className="diagram-form__hint" data-testid="diagram-no-selection">
              Select a state or a transition to edit it. {machine.states.length} states, {machine.transitions.length} transitions.
            </p>
          )}
        </aside>
      )}
    </div>
  );
}

import { createRoot } from 'react-dom/client';
import { getUID, NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import { LayoutSocketPositions } from './socket-positions';
import { createViewCulling } from './view-culling';
import { createViewportMotion } from './viewport-motion';
import type { TopologyDocument } from '../../../engine/api/contract';
import type { TopologyFrame } from '../../../engine/api/schemas/topology';
import { buildNodesPayload, PASTE_OFFSET, remapNodesPayload, type NodesPayload } from './clipboard/clipboard-payload';
import { contextMenuTarget, type ContextMenuRequest } from './context-menu/context-menu-request';
import { createFrameLayer } from './frames/frame-layer';
import { frameAround, nextFrameLabel, nodesInFrame } from './frames/frame-membership';
import { restampSince } from './history-step';
import { autoArrange } from './layout/auto-arrange';
import { createMinimap } from './minimap/minimap';
import { createRubberBand } from './selection/rubber-band';
import { boxesInRect } from './selection/selection-rect';
import { createConnectionFlow } from './connection-flow';
import { createNodeDetail } from './node-detail';
import { observeContainerSize } from './container-size';
import { labelBase, type NodeContract } from './contracts/node-contract';
import { historyDepth } from './history-depth';
import { NodeEditAction } from './node-edit-action';
import { nextNodeLabel } from './node-labels';
import { EMPTY_NODE_OVERLAY, EMPTY_OVERLAY, type NodeOverlay, type PlannerOverlay } from './overlay/node-overlay';
import { createCanvasKeyboard } from './keyboard/canvas-keyboard';
import { nearestFreePosition, panToReveal, type ScreenRect } from './placement';
import { unknownComponentError } from './planner-error';
import { createPlainWires } from './plain-wires';
import { PlannerConnection } from './planner-connection';
import { PlannerNode, type NodeParams, type Position } from './planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';
import { createViewport } from './viewport';
import { ConnectionView } from './views/ConnectionView';
import { NodeView } from './views/NodeView';
import { checkWire, describeWire, type WireEnds } from './wire-check';

/** Where an input's value comes from when a wire feeds it. */
export interface InputWire {
  wireId: string;
  sourceId: string;
  sourceLabel: string;
  output: string;
}

/** The one selected node, as the inspector shows it. */
export interface InspectedNode {
  id: string;
  label: string;
  component: string;
  contract: NodeContract | null;
  params: NodeParams;
  /** Wired inputs by input name. */
  wires: Record<string, InputWire>;
  overlay: NodeOverlay;
}

export interface PlannerEditorState {
  nodeCount: number;
  connectionCount: number;
  selectedCount: number;
  canUndo: boolean;
  canRedo: boolean;
  /** Optional so states built elsewhere (an empty page) need not name them. */
  frameCount?: number;
  minimapVisible?: boolean;
  /** The selected node when exactly one is selected. */
  selected: InspectedNode | null;
  /**
   * Grows when nodes, wires or labels change (not when nodes move), so views that depend only on the
   * graph's shape, such as the wire sources an input is offered, can skip work during a drag.
   */
  structureVersion: number;
}

/** An output that could feed an input, and why not if it cannot. */
export interface WireSource {
  sourceId: string;
  sourceLabel: string;
  output: string;
  refusal: string | null;
}

/** Where component contracts come from (a cache over the API). */
export interface ContractSource {
  get(ref: string): Promise<NodeContract | null>;
}

export interface PlannerEditorDeps {
  contracts: ContractSource;
  /**
   * Called once per animation frame at most, after anything that may change the document, the
   * selection or the history. `documentChanged` is false for selection-only changes.
   */
  onChange?(change: { documentChanged: boolean }): void;
  /** A wire the user tried to make was refused: `wire` names its ends, `reason` says why. */
  onWireRefused?(wire: string, reason: string): void;
  /**
   * How many pixels at the canvas' right edge floating panels cover (read on every add, reveal and
   * fit, so it must not force a layout); new nodes go to the middle of the rest and the selection is
   * kept inside it. None when omitted.
   */
  occludedRight?(): number;
  /** Enter on a focused node: show it in the inspector. */
  onOpenNode?(nodeId: string): void;
}

/** Below this zoom the canvas draws nodes without their details (see showDetailFor). */
const FAR_ZOOM = 0.45;
/** How far the canvas zooms out and in. */
const MIN_ZOOM = 0.15;
const MAX_ZOOM = 2;

/** The canvas as the rest of the app sees it: a document in, a document out, and editing commands. */
export interface PlannerEditor {
  /** Replaces the canvas with `document` and forgets undo history. */
  load(document: TopologyDocument): Promise<void>;
  toDocument(): TopologyDocument;
  /**
   * Adds a node for `component` (`name@version` of a published component, or `stack:NAME@version`):
   * under a pointer position (`at`, in client coordinates, from a drop) or in the middle of the visible
   * canvas, nudged to the nearest spot where it covers no other node; the view pans (never zooms) to
   * show it. A component that is not in the catalog is refused (`PlannerError` `unknown_component`).
   */
  addNode(component: string, at?: { clientX: number; clientY: number }): Promise<PlannerNode>;
  /** Deletes the selected nodes and their wires as one undoable step; returns how many nodes went. */
  deleteSelected(): Promise<number>;
  /** Sets (or with `undefined` clears) one parameter of a node, as one undoable step. */
  setParam(nodeId: string, key: string, value: unknown): Promise<void>;
  renameNode(nodeId: string, label: string): Promise<void>;
  /** Wires an output into an input (replacing a wire already there) unless refused; returns the refusal. */
  connect(ends: WireEnds): Promise<string | null>;
  disconnect(wireId: string): Promise<void>;
  /** Every output on other nodes (by label) that could feed `input` of `nodeId`, with the reason when it cannot. */
  wireSources(nodeId: string, input: string): WireSource[];
  select(nodeId: string): Promise<void>;
  /** Selects the next (1) or previous (-1) node in reading order (left to right, then top to bottom). */
  selectAdjacent(step: 1 | -1): Promise<void>;
  /** Pans (never zooms) just enough to show the selected nodes inside the visible area. */
  revealSelection(): Promise<void>;
  clearSelection(): Promise<void>;
  /** Moves the selected nodes by a distance in canvas units, as one undoable step. */
  nudgeSelected(dx: number, dy: number): Promise<void>;
  setOverlay(overlay: PlannerOverlay): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  zoomToFit(): Promise<void>;
  /** Selects `ids`, adding to the selection when `additive`. */
  selectNodes(ids: readonly string[], additive?: boolean): Promise<void>;
  selectAll(): Promise<void>;
  /** Adds everything the selected nodes depend on (wires into them and `dependsOn`, transitively). */
  selectDependencies(): Promise<void>;
  /** The selected nodes and the wires between them, for the clipboard; `null` when nothing is selected. */
  copySelection(): NodesPayload | null;
  /**
   * Adds copies of the payload's nodes and wires as one undoable step and selects them; returns how
   * many. Refused as a whole (`unknown_component`) when a node's component is not in the catalog.
   */
  paste(payload: NodesPayload): Promise<number>;
  duplicateSelected(): Promise<number>;
  /** Lays the nodes out left to right by dependency as one undoable step; the zoom stays. */
  autoArrange(): Promise<void>;
  /** Adds a frame around the selection, or in the middle of the view, as one undoable step. */
  addFrame(): Promise<TopologyFrame>;
  renameFrame(id: string, label: string): Promise<void>;
  /** Deletes a frame; its nodes stay. */
  removeFrame(id: string): Promise<void>;
  toggleMinimap(): void;
  /** Calls `listener` when a context menu should open (right click, or `openContextMenu`). */
  onContextMenu(listener: (request: ContextMenuRequest) => void): () => void;
  /** Asks for the context menu from the keyboard: on the selection, or on the canvas when none. */
  openContextMenu(): void;
  getState(): PlannerEditorState;
  destroy(): void;
}

const sameOverlay = (a: NodeOverlay, b: NodeOverlay): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Builds the Rete editor inside `container`. Plain module, no React state: the page mounts it once per
 * canvas and talks to it through the returned handle, which keeps Rete's object graph out of React.
 */
export function createPlannerEditor(container: HTMLElement, deps: PlannerEditorDeps): PlannerEditor {
  const editor = new NodeEditor<PlannerSchemes>();
  const area = new AreaPlugin<PlannerSchemes, PlannerAreaExtra>(container);
  const connection = new ConnectionPlugin<PlannerSchemes, PlannerAreaExtra>();
  const render = new ReactPlugin<PlannerSchemes, PlannerAreaExtra>({ createRoot });
  const history = new HistoryPlugin<PlannerSchemes>();
  let loading = false;
  let destroyed = false;
  // Counts loads, so a load overtaken by a newer one (both wait for contracts) stops.
  let loads = 0;
  let overlay: PlannerOverlay = EMPTY_OVERLAY;
  let structureVersion = 0;

  let pendingFrame: number | null = null;
  let pendingDocumentChange = false;
  const notify = (documentChanged: boolean): void => {
    if (loading || destroyed) return;
    pendingDocumentChange ||= documentChanged;
    if (pendingFrame !== null) return;
    pendingFrame = requestAnimationFrame(() => {
      pendingFrame = null;
      const changed = pendingDocumentChange;
      pendingDocumentChange = false;
      if (!destroyed) deps.onChange?.({ documentChanged: changed });
    });
  };

  // Shift or Ctrl on the pointer adds to the selection; pressing an already selected node keeps the
  // selection, so dragging it moves the whole group (a click without a drag then narrows or toggles).
  let pressed: { id: string; wasSelected: boolean; modifier: boolean; position: Position } | null = null;
  const accumulating = { active: () => pressed !== null && (pressed.modifier || pressed.wasSelected) };
  const onPointerDown = (event: PointerEvent): void => {
    pointerHeld = true;
    // A right click on a node or wire opens the context menu; the area must not take it as a click on
    // empty canvas, which clears the selection the menu acts on.
    if (event.button === 2 && event.target instanceof Element && contextMenuTarget(event.target).kind !== 'canvas') {
      event.stopPropagation();
      rightPressOnItem = true;
      return;
    }
    const element = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-node-id]') : null;
    const id = element?.dataset['nodeId'];
    const node = id ? editor.getNode(id) : undefined;
    pressed = node ? { id: node.id, wasSelected: node.selected === true, modifier: event.shiftKey || event.ctrlKey || event.metaKey, position: positionOf(node.id) } : null;
  };
  container.addEventListener('pointerdown', onPointerDown, true);
  // ...nor its release, which the area reports as a click on empty canvas (window listener, bubbling).
  let rightPressOnItem = false;
  const onPointerUp = (event: PointerEvent): void => {
    if (pointerHeld) {
      pointerHeld = false;
      if (revealOnRelease) {
        revealOnRelease = false;
        requestAnimationFrame(() => {
          if (!destroyed) void revealSelection();
        });
      }
    }
    if (event.button !== 2 || !rightPressOnItem) return;
    rightPressOnItem = false;
    event.stopPropagation();
  };
  window.addEventListener('pointerup', onPointerUp, true);
  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, { accumulating });
  AreaExtensions.simpleNodesOrder(area);
  AreaExtensions.restrictor(area, { scaling: { min: MIN_ZOOM, max: MAX_ZOOM } });

  // Measured once per node layout instead of once per socket: see socket-positions.ts.
  const socketPositions = new LayoutSocketPositions<PlannerAreaExtra>((id) => editor.getNode(id)?.layout ?? null);
  const detail = createNodeDetail({
    claim: (node) => socketPositions.claim(node.id, node.layout),
    redraw: (node) => area.update('node', node.id),
  });
  // Wires are plain SVG (see plain-wires.ts); the React view draws only the wire being dragged.
  // Sockets render inside their node's React tree (see InlineSocket), so no preset draws them.
  const plainWires = createPlainWires(area.area.content.holder, socketPositions, { drawn: () => culling.schedule() });
  const viewportMotion = createViewportMotion(area.area.content.holder);
  render.addPreset(
    Presets.classic.setup({
      socketPositionWatcher: socketPositions,
      customize: {
        node: () => NodeView,
        connection: () => ConnectionView,
      },
    }),
  );

  connection.addPreset(() =>
    createConnectionFlow({
      editor,
      onRefused: (wire, reason) => deps.onWireRefused?.(wire, reason),
      cancelDrag: () => connection.drop(),
    }),
  );

  history.addPreset(HistoryPresets.classic.setup());
  // The history merges records less than 200 ms apart into one undo step, which would glue a quick
  // "connect, then delete" together. Every gesture and command starts a new step instead.
  const beginStep = (): void => history.separate();
  // While a wire is being dragged, every socket says whether the wire could end there.
  const sockets = new Map<HTMLElement, { nodeId: string; side: 'input' | 'output'; key: string }>();
  const showWireHints = (picked: { nodeId: string; side: 'input' | 'output'; key: string }): void => {
    for (const [element, socket] of sockets) {
      if (socket.side === picked.side || socket.nodeId === picked.nodeId) {
        element.dataset['wireHint'] = socket.nodeId === picked.nodeId && socket.key === picked.key && socket.side === picked.side ? 'picked' : 'none';
        continue;
      }
      const ends =
        picked.side === 'output'
          ? { source: picked.nodeId, output: picked.key, target: socket.nodeId, input: socket.key }
          : { source: socket.nodeId, output: socket.key, target: picked.nodeId, input: picked.key };
      element.dataset['wireHint'] = checkWire(editor, ends) === null ? 'fits' : 'refused';
    }
  };
  const clearWireHints = (): void => {
    for (const element of sockets.keys()) delete element.dataset['wireHint'];
  };
  connection.addPipe((context) => {
    if (context.type === 'connectionpick') {
      beginStep();
      showWireHints(context.data.socket);
    }
    if (context.type === 'connectiondrop') clearWireHints();
    return context;
  });

  editor.use(area);
  area.use(connection);
  area.addPipe((context) => plainWires.pipe(context));
  area.use(render);
  area.use(history);

  const applyWireOverlay = (wire: PlannerConnection): void => {
    wire.planProblem = overlay.wires[wire.id] ?? null;
  };

  editor.addPipe((context) => {
    if (context.type === 'connectioncreate' && context.data.source === context.data.target) return undefined;
    if (context.type === 'nodecreate') detail.added(context.data);
    if (context.type === 'noderemoved') detail.removed(context.data);
    if (context.type === 'connectioncreated') {
      const wire = context.data;
      wire.localProblem = checkWire(editor, { source: wire.source, output: wire.sourceOutput, target: wire.target, input: wire.targetInput });
      applyWireOverlay(wire);
    }
    if (['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'].includes(context.type)) {
      structureVersion += 1;
      minimap.schedule();
      notify(true);
    }
    return context;
  });
  area.addPipe((context) => {
    if (context.type === 'render' && context.data.type === 'socket') {
      const { element, nodeId, side, key } = context.data;
      sockets.set(element, { nodeId, side, key });
    }
    if (context.type === 'unmount') sockets.delete(context.data.element);
    if (context.type === 'nodetranslated') notify(true);
    if (context.type === 'nodepicked') beginStep();
    if (context.type === 'nodedragged' && pressed?.id === context.data.id && pressed.wasSelected) {
      const { id, modifier, position } = pressed;
      const now = positionOf(id);
      pressed = null;
      if (now.x === position.x && now.y === position.y) {
        if (modifier) void selectable.unselect(id);
        else void selectOnly(id);
      }
    }
    if (context.type === 'nodepicked' || context.type === 'pointerup') notify(false);
    if (['nodetranslated', 'translated', 'zoomed', 'resized'].includes(context.type)) minimap.schedule();
    if (context.type === 'zoomed') showDetailFor(area.area.transform.k);
    if (context.type === 'translated') viewportMotion.moved();
    if (['nodetranslated', 'translated', 'zoomed', 'resized', 'rendered'].includes(context.type)) culling.schedule();
    return context;
  });
  /**
   * Level of detail: zoomed far out, node ports, values and meta are too small to read, so they are not
   * painted (visibility, not display: boxes and socket positions stay exactly where they are). Drawing
   * less is what keeps panning a large canvas smooth.
   */
  const showDetailFor = (scale: number): void => {
    const far = scale < FAR_ZOOM;
    detail.setFar(far);
    if ((container.dataset['zoom'] === 'far') !== far) container.dataset['zoom'] = far ? 'far' : 'near';
  };

  const positionOf = (id: string): Position => {
    const view = area.nodeViews.get(id);
    return view ? { x: view.position.x, y: view.position.y } : { x: 0, y: 0 };
  };

  const removeNodeWithWires = async (node: PlannerNode): Promise<void> => {
    for (const wire of editor.getConnections()) {
      if (wire.source === node.id || wire.target === node.id) await editor.removeConnection(wire.id);
    }
    await editor.removeNode(node.id);
  };

  const nodeBoxes = () => editor.getNodes().map((node) => ({ id: node.id, ...positionOf(node.id), width: node.width, height: node.height }));

  // Frames: layout-only rectangles behind the nodes, kept as an immutable list so history can hold
  // the list before and after an edit.
  let frames: TopologyFrame[] = [];
  const showFrames = (next: TopologyFrame[]): void => {
    frames = next;
    frameLayer.render(frames);
    minimap.schedule();
    notify(true);
  };
  const editFrames = async (next: TopologyFrame[]): Promise<void> => {
    const before = frames;
    await asStep(async () => {
      history.add(new NodeEditAction((value: TopologyFrame[]) => showFrames(value), before, next));
      showFrames(next);
      await Promise.resolve();
    });
  };
  /**
   * Runs undo, redo and frame nudges one after the other. The history moves a step to the other list
   * only once the step's actions are done, so a redo asked for while an undo still runs (the canvas
   * shows the restored nodes and wires before the last of its pipes has finished) would find nothing
   * to redo; a nudge closes its step only once its nodes have moved.
   */
  let historyTurn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const result = historyTurn.then(run);
    historyTurn = result.catch(() => undefined);
    return result;
  };
  const frameGesture: { before: TopologyFrame[]; members: Map<string, Position>; from: number } = { before: [], members: new Map(), from: 0 };
  const startFrameGesture = (id: string, carryNodes: boolean): void => {
    beginStep();
    selector.release();
    const frame = frames.find((entry) => entry.id === id);
    const members = frame && carryNodes ? nodesInFrame(frame, editor.getNodes().map((node) => ({ id: node.id, position: positionOf(node.id) }))) : [];
    frameGesture.before = frames;
    frameGesture.members = new Map(members.map((nodeId) => [nodeId, positionOf(nodeId)]));
    frameGesture.from = history.getHistorySnapshot().length;
  };
  const endFrameGesture = (): void => {
    if (frames !== frameGesture.before) {
      history.add(new NodeEditAction((value: TopologyFrame[]) => showFrames(value), frameGesture.before, frames));
      restampSince(history, frameGesture.from);
    }
    beginStep();
    frameGesture.members = new Map();
    notify(true);
  };
  /** Moves a frame and the nodes it held when the gesture began by (dx, dy) from where they were then. */
  const moveFrameBy = async (id: string, dx: number, dy: number): Promise<void> => {
    const start = frameGesture.before.find((entry) => entry.id === id);
    if (!start) return;
    showFrames(frames.map((entry) => (entry.id === id ? { ...entry, position: { x: start.position.x + dx, y: start.position.y + dy } } : entry)));
    for (const [nodeId, position] of frameGesture.members) await area.translate(nodeId, { x: position.x + dx, y: position.y + dy });
  };
  const frameLayer = createFrameLayer(area.area.content.holder, {
    scale: () => area.area.transform.k,
    moveStart: (id) => startFrameGesture(id, true),
    move(id, dx, dy) {
      void moveFrameBy(id, dx, dy);
    },
    moveEnd: endFrameGesture,
    nudge(id, dx, dy) {
      // One undo step per key press.
      void inTurn(async () => {
        startFrameGesture(id, true);
        await moveFrameBy(id, dx, dy);
        endFrameGesture();
      });
    },
    resizeStart: (id) => startFrameGesture(id, false),
    resize(id, width, height) {
      showFrames(frames.map((entry) => (entry.id === id ? { ...entry, size: { width, height } } : entry)));
    },
    resizeEnd: endFrameGesture,
    rename: (id, label) => void renameFrame(id, label),
    remove: (id) => void removeFrame(id),
  });
  const renameFrame = async (id: string, label: string): Promise<void> => {
    const frame = frames.find((entry) => entry.id === id);
    if (!frame || frame.label === label) {
      frameLayer.render(frames);
      return;
    }
    await editFrames(frames.map((entry) => (entry.id === id ? { ...entry, label } : entry)));
  };
  const removeFrame = async (id: string): Promise<void> => {
    if (!frames.some((entry) => entry.id === id)) return;
    await editFrames(frames.filter((entry) => entry.id !== id));
  };

  // Read every frame by the minimap and the culling: a cached size, so neither forces a page layout.
  const screen = observeContainerSize(container);
  const viewport = createViewport(area, screen);
  const minimap = createMinimap(container, {
    nodes: nodeBoxes,
    screen: () => screen,
    frames: () => frames.map((frame) => ({ ...frame.position, ...frame.size })),
    transform: () => area.area.transform,
    centerOn(x, y) {
      const { k } = area.area.transform;
      void area.area.translate(container.clientWidth / 2 - x * k, container.clientHeight / 2 - y * k);
    },
  });

  const culling = createViewCulling({
    screen: () => screen,
    transform: () => area.area.transform,
    nodes: () =>
      editor.getNodes().flatMap((node) => {
        const view = area.nodeViews.get(node.id);
        return view ? [{ id: node.id, box: { ...view.position, width: node.width, height: node.height }, element: view.element }] : [];
      }),
    shown: (id) => {
      const node = editor.getNode(id);
      if (node) detail.shown(node);
    },
    wires: () => plainWires.drawn(),
  });

  const menuListeners = new Set<(request: ContextMenuRequest) => void>();
  const openMenu = (request: ContextMenuRequest): void => {
    for (const listener of menuListeners) listener(request);
  };
  const onContextMenu = (event: MouseEvent): void => {
    event.preventDefault();
    const target = contextMenuTarget(event.target instanceof Element ? event.target : null);
    const request = { target, clientX: event.clientX, clientY: event.clientY };
    // A right click on a node outside the selection acts on that node alone.
    if (target.kind === 'node' && editor.getNode(target.id)?.selected !== true) {
      void selectOnly(target.id).then(() => openMenu(request));
      return;
    }
    openMenu(request);
  };
  container.addEventListener('contextmenu', onContextMenu);

  const rubberBand = createRubberBand(container, {
    toCanvas: (clientX, clientY) => toCanvas(clientX, clientY),
    onSelect: (rect) => void selectNodes(boxesInRect(rect, nodeBoxes()), true),
  });
  const zoomToFit = () => viewport.fit(editor.getNodes(), visibleRect());

  const toCanvas = (clientX: number, clientY: number): Position => {
    const rect = container.getBoundingClientRect();
    const { x, y, k } = area.area.transform;
    return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k };
  };

  /** The part of the canvas people can see, in pixels from its top left corner (see `visibleArea`). */
  const visibleRect = (): ScreenRect => {
    const covered = Math.min(Math.max(deps.occludedRight?.() ?? 0, 0), screen.width / 2);
    return { left: 0, top: 0, right: screen.width - covered, bottom: screen.height };
  };
  const visibleCenter = (): Position => {
    const rect = visibleRect();
    const { x, y, k } = area.area.transform;
    return { x: ((rect.left + rect.right) / 2 - x) / k, y: ((rect.top + rect.bottom) / 2 - y) / k };
  };
  /** Pans just enough to bring the boxes (canvas units) into the visible area; never zooms. */
  const reveal = async (boxes: readonly { x: number; y: number; width: number; height: number }[]): Promise<void> => {
    if (boxes.length === 0 || screen.width === 0) return;
    const { x, y, k } = area.area.transform;
    const left = Math.min(...boxes.map((box) => box.x));
    const top = Math.min(...boxes.map((box) => box.y));
    const right = Math.max(...boxes.map((box) => box.x + box.width));
    const bottom = Math.max(...boxes.map((box) => box.y + box.height));
    const { dx, dy } = panToReveal({ left: left * k + x, top: top * k + y, right: right * k + x, bottom: bottom * k + y }, visibleRect());
    if (dx !== 0 || dy !== 0) await area.area.translate(x + dx, y + dy);
  };
  // While a pointer is down (a click that selects, a drag), the view must not move under it: the
  // reveal waits for the release.
  let pointerHeld = false;
  let revealOnRelease = false;
  const revealSelection = async (): Promise<void> => {
    if (pointerHeld) {
      revealOnRelease = true;
      return;
    }
    // One node: the one the inspector shows. A larger selection is left where the user put the view.
    const selected = editor.getNodes().filter((node) => node.selected);
    const only = selected.length === 1 ? selected[0] : undefined;
    if (only) await reveal([{ ...positionOf(only.id), width: only.width, height: only.height }]);
  };

  const nodeElement = (id: string): HTMLElement | null => area.nodeViews.get(id)?.element.querySelector<HTMLElement>('[data-node-handle]') ?? null;
  const keyboard = createCanvasKeyboard(container, {
    boxes: nodeBoxes,
    startNode: () => (readingOrder().find((node) => node.selected) ?? readingOrder()[0])?.id ?? null,
    isSelected: (id) => editor.getNode(id)?.selected === true,
    async focusNode(id) {
      if (!editor.getNode(id)) return;
      await selectOnly(id);
      await revealSelection();
      // A node far off screen is hidden (view-culling.ts) until the culling has seen the pan, which it
      // does in the next frame, before this callback: a hidden element cannot take the focus.
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      if (destroyed) return;
      // No scrolling: the area places its content itself, and a scrolled canvas would misplace it.
      nodeElement(id)?.focus({ preventScroll: true });
    },
    open: (id) => deps.onOpenNode?.(id),
    async remove(id) {
      const node = editor.getNode(id);
      if (!node) return;
      if (!node.selected) await selectOnly(id);
      await asStep(async () => {
        for (const selected of selectedNodes()) await removeNodeWithWires(selected);
      });
      notify(true);
      // The focus stays on the canvas rather than falling back to the page.
      container.focus({ preventScroll: true });
    },
  });

  /** Runs `edit` as one undo step of its own. */
  const asStep = async (edit: () => Promise<void>): Promise<void> => {
    beginStep();
    await edit();
    beginStep();
  };

  const applyParams = async (nodeId: string, params: NodeParams | undefined): Promise<void> => {
    const node = editor.getNode(nodeId);
    if (!node) return;
    node.params = params;
    await area.update('node', nodeId);
    notify(true);
  };

  const applyLabel = async (nodeId: string, label: string): Promise<void> => {
    const node = editor.getNode(nodeId);
    if (!node) return;
    node.label = label;
    structureVersion += 1;
    await area.update('node', nodeId);
    // Wires name their source by label in the inspector.
    notify(true);
  };

  const inputWires = (nodeId: string): Record<string, InputWire> => {
    const wires: Record<string, InputWire> = {};
    for (const wire of editor.getConnections()) {
      if (wire.target !== nodeId) continue;
      wires[wire.targetInput] = { wireId: wire.id, sourceId: wire.source, sourceLabel: editor.getNode(wire.source)?.label ?? wire.source, output: wire.sourceOutput };
    }
    return wires;
  };

  /**
   * Nodes in the order wires flow: left to right (columns within 40 units count as one), then top to
   * bottom. Topologies read from their first wave on the left to their last on the right.
   */
  const readingOrder = (): PlannerNode[] =>
    [...editor.getNodes()].sort((a, b) => {
      const pa = positionOf(a.id);
      const pb = positionOf(b.id);
      return Math.round(pa.x / 40) - Math.round(pb.x / 40) || pa.y - pb.y || pa.x - pb.x || a.label.localeCompare(b.label);
    });

  const selectOnly = async (nodeId: string): Promise<void> => {
    await selectable.select(nodeId, false);
    notify(false);
  };

  const selectNodes = async (ids: readonly string[], additive = false): Promise<void> => {
    if (!additive) await selector.unselectAll();
    for (const id of ids) if (editor.getNode(id)) await selectable.select(id, true);
    notify(false);
  };

  const selectedNodes = (): PlannerNode[] => editor.getNodes().filter((node) => node.selected);

  /** Moves nodes to new positions as part of the current step; the picked node must not drag the rest. */
  const moveNodes = async (positions: ReadonlyMap<string, Position>): Promise<void> => {
    selector.release();
    for (const [id, position] of positions) if (editor.getNode(id)) await area.translate(id, position);
  };

  const paste = async (payload: NodesPayload): Promise<number> => {
    if (payload.nodes.length === 0) return 0;
    // Paste again and again: each copy lands one offset further, never on top of the previous one.
    const taken = new Set(editor.getNodes().map((node) => { const p = positionOf(node.id); return `${p.x},${p.y}`; }));
    const first = payload.nodes[0]!.position;
    let steps = 1;
    while (steps < 50 && taken.has(`${first.x + steps * PASTE_OFFSET},${first.y + steps * PASTE_OFFSET}`)) steps += 1;
    const pasted = remapNodesPayload(payload, {
      existingLabels: editor.getNodes().map((node) => node.label),
      newId: getUID,
      offset: { x: steps * PASTE_OFFSET, y: steps * PASTE_OFFSET },
    });
    const contracts = await Promise.all(pasted.nodes.map((data) => deps.contracts.get(data.component)));
    const unknown = [...new Set(pasted.nodes.filter((_, index) => !contracts[index]).map((data) => data.component))];
    if (unknown.length > 0) throw unknownComponentError(unknown);
    const nodes = new Map(pasted.nodes.map((data, index) => [data.id, PlannerNode.deserialize(data, contracts[index] ?? null)] as const));
    const wires = pasted.wires.flatMap((data) => PlannerConnection.deserialize(data, nodes) ?? []);
    await selector.unselectAll();
    await asStep(async () => {
      selector.release();
      for (const data of pasted.nodes) {
        const node = nodes.get(data.id);
        if (!node) continue;
        node.overlay = EMPTY_NODE_OVERLAY;
        await editor.addNode(node);
        await area.translate(node.id, data.position);
      }
      for (const wire of wires) await editor.addConnection(wire);
    });
    await selectNodes([...nodes.keys()], true);
    return nodes.size;
  };

  return {
    async load(document) {
      const token = ++loads;
      loading = true;
      try {
        const contracts = await Promise.all(document.nodes.map((data) => deps.contracts.get(data.component)));
        if (destroyed || token !== loads) return;
        await editor.clear();
        const nodes = new Map(document.nodes.map((data, index) => [data.id, PlannerNode.deserialize(data, contracts[index] ?? null)] as const));
        // Wires first: they may add ports, and a node should render with all its ports from the start.
        const wires = document.wires.flatMap((data) => PlannerConnection.deserialize(data, nodes) ?? []);
        // The fit after the load decides how far out the nodes are first seen, and so how they are drawn.
        const fit = viewport.fitScale(document.nodes.flatMap((data) => {
          const node = nodes.get(data.id);
          return node ? [{ ...data.position, width: node.width, height: node.height }] : [];
        }));
        if (fit !== null) detail.setFar(Math.min(Math.max(fit, MIN_ZOOM), MAX_ZOOM) < FAR_ZOOM);
        for (const data of document.nodes) {
          const node = nodes.get(data.id);
          if (!node) continue;
          node.overlay = overlay.nodes[node.id] ?? EMPTY_NODE_OVERLAY;
          await editor.addNode(node);
          await area.translate(node.id, data.position);
        }
        for (const wire of wires) await editor.addConnection(wire);
        frames = document.frames ?? [];
        frameLayer.render(frames);
        history.clear();
      } finally {
        if (token === loads) loading = false;
      }
      if (destroyed || token !== loads) return;
      await zoomToFit();
      notify(true);
    },

    toDocument() {
      const existing = new Set(editor.getNodes().map((node) => node.id));
      return {
        schemaVersion: 1,
        nodes: editor.getNodes().map((node) => node.serialize(positionOf(node.id), existing)),
        wires: editor.getConnections().map((wire) => wire.serialize()),
        ...(frames.length > 0 ? { frames } : {}),
      };
    },

    async addNode(component, at) {
      const contract = await deps.contracts.get(component);
      if (!contract) throw unknownComponentError([component]);
      const label = nextNodeLabel(
        editor.getNodes().map((existing) => existing.label),
        labelBase(contract),
      );
      const node = new PlannerNode(label, component, contract);
      let preferred: Position;
      if (at) {
        const pointer = toCanvas(at.clientX, at.clientY);
        // The header sits under the pointer, the way the palette item was held.
        preferred = { x: pointer.x - node.width / 2, y: pointer.y - 24 };
      } else {
        const center = visibleCenter();
        preferred = { x: center.x - node.width / 2, y: center.y - node.height / 2 };
      }
      const wanted = { x: Math.round(preferred.x), y: Math.round(preferred.y) };
      const position = nearestFreePosition(wanted, node, nodeBoxes());
      await asStep(async () => {
        await editor.addNode(node);
        await area.translate(node.id, position);
      });
      // A node dropped where it can go is under the pointer already: the view stays put.
      if (!at || position.x !== wanted.x || position.y !== wanted.y) await reveal([{ ...position, width: node.width, height: node.height }]);
      return node;
    },

    async deleteSelected() {
      const selected = editor.getNodes().filter((node) => node.selected);
      if (selected.length === 0) return 0;
      await asStep(async () => {
        for (const node of selected) await removeNodeWithWires(node);
      });
      return selected.length;
    },

    async setParam(nodeId, key, value) {
      const node = editor.getNode(nodeId);
      if (!node) return;
      const before = node.params;
      const next: NodeParams = { ...(before ?? {}) };
      if (value === undefined) delete next[key];
      else next[key] = value;
      if (JSON.stringify(before?.[key]) === JSON.stringify(next[key]) && (key in (before ?? {})) === key in next) return;
      const after = Object.keys(next).length > 0 ? next : undefined;
      await asStep(async () => {
        history.add(new NodeEditAction((params: NodeParams | undefined) => applyParams(nodeId, params), before, after));
        await applyParams(nodeId, after);
      });
    },

    async renameNode(nodeId, label) {
      const node = editor.getNode(nodeId);
      const trimmed = label.trim();
      if (!node || trimmed === '' || trimmed === node.label) return;
      const before = node.label;
      await asStep(async () => {
        history.add(new NodeEditAction((value: string) => applyLabel(nodeId, value), before, trimmed));
        await applyLabel(nodeId, trimmed);
      });
    },

    async connect(ends) {
      const refusal = checkWire(editor, ends);
      if (refusal) {
        deps.onWireRefused?.(describeWire(editor, ends), refusal);
        return refusal;
      }
      const source = editor.getNode(ends.source);
      const target = editor.getNode(ends.target);
      if (!source || !target) return 'the node is no longer on the canvas';
      await asStep(async () => {
        // One wire per input: the new wire replaces the old one.
        for (const wire of editor.getConnections()) {
          if (wire.target === ends.target && wire.targetInput === ends.input) await editor.removeConnection(wire.id);
        }
        await editor.addConnection(new PlannerConnection(source, ends.output, target, ends.input));
      });
      return null;
    },

    async disconnect(wireId) {
      if (!editor.getConnection(wireId)) return;
      await asStep(async () => {
        await editor.removeConnection(wireId);
      });
    },

    wireSources(nodeId, input) {
      return [...editor.getNodes()]
        .filter((node) => node.id !== nodeId)
        .sort((a, b) => a.label.localeCompare(b.label))
        .flatMap((node) =>
          Object.keys(node.outputs).map((output) => ({
            sourceId: node.id,
            sourceLabel: node.label,
            output,
            refusal: checkWire(editor, { source: node.id, output, target: nodeId, input }),
          })),
        );
    },

    select: selectOnly,

    async selectAdjacent(step) {
      const nodes = readingOrder();
      if (nodes.length === 0) return;
      const current = nodes.findIndex((node) => node.selected);
      const next = current === -1 ? (step === 1 ? 0 : nodes.length - 1) : (current + step + nodes.length) % nodes.length;
      const node = nodes[next];
      if (!node) return;
      await selectOnly(node.id);
      await revealSelection();
    },

    revealSelection,

    async clearSelection() {
      await selector.unselectAll();
      notify(false);
    },

    async nudgeSelected(dx, dy) {
      const selected = editor.getNodes().filter((node) => node.selected);
      if (selected.length === 0) return;
      await asStep(async () => {
        // The node picked last would drag the other selected nodes along a second time.
        selector.release();
        for (const node of selected) {
          const position = positionOf(node.id);
          await area.translate(node.id, { x: position.x + dx, y: position.y + dy });
        }
      });
    },

    setOverlay(next) {
      overlay = next;
      for (const node of editor.getNodes()) {
        const nodeOverlay = next.nodes[node.id] ?? EMPTY_NODE_OVERLAY;
        if (sameOverlay(node.overlay, nodeOverlay)) continue;
        node.overlay = nodeOverlay;
        void area.update('node', node.id);
      }
      for (const wire of editor.getConnections()) {
        const before = wire.planProblem;
        applyWireOverlay(wire);
        if (before !== wire.planProblem) void area.update('connection', wire.id);
      }
      // The inspector shows the selected node's problems.
      notify(false);
    },

    async undo() {
      await inTurn(() => history.undo());
      notify(true);
    },

    async redo() {
      await inTurn(() => history.redo());
      notify(true);
    },

    zoomToFit,

    selectNodes,

    async selectAll() {
      await selectNodes(editor.getNodes().map((node) => node.id));
    },

    async selectDependencies() {
      const found = new Set(selectedNodes().map((node) => node.id));
      const queue = [...found];
      while (queue.length > 0) {
        const id = queue.pop()!;
        const upstream = [...editor.getConnections().filter((wire) => wire.target === id).map((wire) => wire.source), ...(editor.getNode(id)?.dependsOn ?? [])];
        for (const source of upstream) {
          if (found.has(source) || !editor.getNode(source)) continue;
          found.add(source);
          queue.push(source);
        }
      }
      await selectNodes([...found], true);
    },

    copySelection() {
      const ids = selectedNodes().map((node) => node.id);
      if (ids.length === 0) return null;
      return buildNodesPayload(this.toDocument(), ids);
    },

    paste,

    async duplicateSelected() {
      const payload = this.copySelection();
      return payload ? paste(payload) : 0;
    },

    async autoArrange() {
      if (editor.getNodes().length === 0) return;
      const positions = await autoArrange(this.toDocument(), (id) => {
        const node = editor.getNode(id);
        return { width: node?.width ?? 0, height: node?.height ?? 0 };
      });
      await asStep(() => moveNodes(positions));
    },

    async addFrame() {
      const selected = selectedNodes();
      const center = visibleCenter();
      const around = frameAround(selected.map((node) => ({ ...positionOf(node.id), width: node.width, height: node.height }))) ?? {
        position: { x: Math.round(center.x - 200), y: Math.round(center.y - 150) },
        size: { width: 400, height: 300 },
      };
      const frame: TopologyFrame = { id: getUID(), label: nextFrameLabel(frames), ...around };
      await editFrames([...frames, frame]);
      return frame;
    },

    renameFrame,
    removeFrame,

    toggleMinimap() {
      minimap.setVisible(!minimap.visible);
      notify(false);
    },

    onContextMenu(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },

    openContextMenu() {
      const node = readingOrder().find((entry) => entry.selected);
      const element = node ? area.nodeViews.get(node.id)?.element : null;
      const box = (element?.firstElementChild ?? element)?.getBoundingClientRect() ?? container.getBoundingClientRect();
      openMenu({ target: node ? { kind: 'node', id: node.id } : { kind: 'canvas' }, clientX: box.left + Math.min(box.width / 2, 40), clientY: box.top + Math.min(box.height / 2, 30) });
    },

    getState() {
      const depth = historyDepth(history);
      const selected = editor.getNodes().filter((node) => node.selected);
      const only = selected.length === 1 ? selected[0] : undefined;
      return {
        nodeCount: editor.getNodes().length,
        connectionCount: editor.getConnections().length,
        selectedCount: selected.length,
        canUndo: depth.undo > 0,
        canRedo: depth.redo > 0,
        frameCount: frames.length,
        minimapVisible: minimap.visible,
        structureVersion,
        selected: only
          ? {
              id: only.id,
              label: only.label,
              component: only.component,
              contract: only.contract,
              params: only.params ?? {},
              wires: inputWires(only.id),
              overlay: only.overlay,
            }
          : null,
      };
    },

    destroy() {
      destroyed = true;
      if (pendingFrame !== null) cancelAnimationFrame(pendingFrame);
      container.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('pointerup', onPointerUp, true);
      container.removeEventListener('contextmenu', onContextMenu);
      menuListeners.clear();
      rubberBand.destroy();
      keyboard.dispose();
      culling.dispose();
      viewportMotion.dispose();
      plainWires.dispose();
      detail.dispose();
      screen.dispose();
      minimap.destroy();
      frameLayer.destroy();
      area.destroy();
    },
  };
}

import type { TopologyDocument } from '../../../../engine/api/contract';
import type { TopologyFrame } from '../../../../engine/api/schemas/topology';
import type { NodesPayload } from '../clipboard/clipboard-payload';
import type { CanvasMarks } from '../co-editing/node-marks';
import type { ContextMenuRequest } from '../context-menu/context-menu-request';
import type { NodeContract } from '../contracts/node-contract';
import type { NodeOverlay, PlannerOverlay } from '../overlay/node-overlay';
import type { PlannerNode, NodeParams } from '../planner-node';
import type { WireEnds } from '../wire-check';

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
  /** The selected nodes' ids (optional, like the counts below, for states built elsewhere). */
  selectedIds?: readonly string[];
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

/** The canvas as the rest of the app sees it: a document in, a document out, and editing commands. */
export interface PlannerEditor {
  /** Replaces the canvas with `document` and forgets undo history. */
  load(document: TopologyDocument): Promise<void>;
  /**
   * Brings the canvas to `document` in place, for another user's change: the view stays, nodes still
   * there stay selected, and only what differs is redrawn. Undo history is forgotten.
   */
  update(document: TopologyDocument): Promise<void>;
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
  /** Draws other users' selections and conflict badges (shared topologies). */
  setMarks(marks: CanvasMarks): void;
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
  /**
   * Shows the document read only (`reason`: why the user may not change it) or editable (null). Read
   * only, no pointer or key adds, removes, wires or moves anything, and every edit above changes
   * nothing: adding, pasting and framing reject with `PlannerError` `read_only`, `connect` answers
   * the reason as its refusal, the others do nothing. Loading, selecting, panning, zooming and
   * copying still work.
   */
  setReadOnly(reason: string | null): void;
  /** Calls `listener` when a context menu should open (right click, or `openContextMenu`). */
  onContextMenu(listener: (request: ContextMenuRequest) => void): () => void;
  /** Asks for the context menu from the keyboard: on the selection, or on the canvas when none. */
  openContextMenu(): void;
  getState(): PlannerEditorState;
  destroy(): void;
}

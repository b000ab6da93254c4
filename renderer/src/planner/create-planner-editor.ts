import { createRoot } from 'react-dom/client';
import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import type { TopologyDocument } from '../../../engine/api/contract';
import { createConnectionFlow } from './connection-flow';
import { labelBase, type NodeContract } from './contracts/node-contract';
import { historyDepth } from './history-depth';
import { NodeEditAction } from './node-edit-action';
import { nextNodeLabel } from './node-labels';
import { EMPTY_NODE_OVERLAY, EMPTY_OVERLAY, type NodeOverlay, type PlannerOverlay } from './overlay/node-overlay';
import { findFreePosition } from './placement';
import { PlannerConnection } from './planner-connection';
import { PlannerNode, type NodeParams, type Position } from './planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';
import { createViewport } from './viewport';
import { ConnectionView } from './views/ConnectionView';
import { NodeView } from './views/NodeView';
import { SocketView } from './views/SocketView';
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
}

/** The canvas as the rest of the app sees it: a document in, a document out, and editing commands. */
export interface PlannerEditor {
  /** Replaces the canvas with `document` and forgets undo history. */
  load(document: TopologyDocument): Promise<void>;
  toDocument(): TopologyDocument;
  /**
   * Adds a node for `component` (`name@version`, or a bare name without a contract): centred under a
   * pointer position (`at`, in client coordinates, from a drop), or at a free spot near the middle.
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
  clearSelection(): Promise<void>;
  /** Moves the selected nodes by a distance in canvas units, as one undoable step. */
  nudgeSelected(dx: number, dy: number): Promise<void>;
  setOverlay(overlay: PlannerOverlay): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  zoomToFit(): Promise<void>;
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

  // Holds document-level key listeners (Ctrl adds to the selection); released in destroy().
  const accumulating = AreaExtensions.accumulateOnCtrl();
  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, { accumulating });
  AreaExtensions.simpleNodesOrder(area);
  AreaExtensions.restrictor(area, { scaling: { min: 0.15, max: 2 } });

  render.addPreset(
    Presets.classic.setup({
      customize: {
        node: () => NodeView,
        socket: () => SocketView,
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
  area.use(render);
  area.use(history);

  const applyWireOverlay = (wire: PlannerConnection): void => {
    wire.planProblem = overlay.wires[wire.id] ?? null;
  };

  editor.addPipe((context) => {
    if (context.type === 'connectioncreate' && context.data.source === context.data.target) return undefined;
    if (context.type === 'connectioncreated') {
      const wire = context.data;
      wire.localProblem = checkWire(editor, { source: wire.source, output: wire.sourceOutput, target: wire.target, input: wire.targetInput });
      applyWireOverlay(wire);
    }
    if (['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'].includes(context.type)) {
      structureVersion += 1;
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
    if (context.type === 'nodepicked' || context.type === 'pointerup') notify(false);
    return context;
  });

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

  const viewport = createViewport(area, container);
  const zoomToFit = () => viewport.fit(editor.getNodes());

  const toCanvas = (clientX: number, clientY: number): Position => {
    const rect = container.getBoundingClientRect();
    const { x, y, k } = area.area.transform;
    return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k };
  };

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
        for (const data of document.nodes) {
          const node = nodes.get(data.id);
          if (!node) continue;
          node.overlay = overlay.nodes[node.id] ?? EMPTY_NODE_OVERLAY;
          await editor.addNode(node);
          await area.translate(node.id, data.position);
        }
        for (const wire of wires) await editor.addConnection(wire);
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
      };
    },

    async addNode(component, at) {
      const contract = await deps.contracts.get(component);
      const label = nextNodeLabel(
        editor.getNodes().map((existing) => existing.label),
        labelBase(contract),
      );
      const node = new PlannerNode(label, component, contract);
      let position: Position;
      if (at) {
        const pointer = toCanvas(at.clientX, at.clientY);
        // The header sits under the pointer, the way the palette item was held.
        position = { x: pointer.x - node.width / 2, y: pointer.y - 24 };
      } else {
        const center = viewport.center();
        const occupied = editor.getNodes().map((existing) => ({ ...positionOf(existing.id), width: existing.width, height: existing.height }));
        // Start just left of the middle so the first few nodes form a centred row.
        position = findFreePosition({ x: center.x - node.width - 30, y: center.y - node.height / 2 }, node, occupied);
      }
      await asStep(async () => {
        await editor.addNode(node);
        await area.translate(node.id, position);
      });
      if (!at && !viewport.contains(position, node)) await zoomToFit();
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
      // Keep the chosen node in view.
      if (!viewport.contains(positionOf(node.id), node)) await AreaExtensions.zoomAt(area, [node], { scale: 0.9 });
    },

    async clearSelection() {
      await selector.unselectAll();
      notify(false);
    },

    async nudgeSelected(dx, dy) {
      const selected = editor.getNodes().filter((node) => node.selected);
      if (selected.length === 0) return;
      await asStep(async () => {
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
      await history.undo();
      notify(true);
    },

    async redo() {
      await history.redo();
      notify(true);
    },

    zoomToFit,

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
      accumulating.destroy();
      area.destroy();
    },
  };
}

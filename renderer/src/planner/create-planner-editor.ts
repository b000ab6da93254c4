import { createRoot } from 'react-dom/client';
import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import type { TopologyDocument } from '../../../engine/api/contract';
import { createConnectionFlow } from './connection-flow';
import { historyDepth } from './history-depth';
import { nextNodeLabel } from './node-labels';
import { findFreePosition } from './placement';
import { PlannerConnection } from './planner-connection';
import { PlannerNode, type Position } from './planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from './schemes';
import { createViewport } from './viewport';
import { ConnectionView } from './views/ConnectionView';
import { NodeView } from './views/NodeView';
import { SocketView } from './views/SocketView';

export interface PlannerEditorState {
  nodeCount: number;
  connectionCount: number;
  selectedCount: number;
  canUndo: boolean;
  canRedo: boolean;
}

export interface PlannerEditorDeps {
  /**
   * Called once per animation frame at most, after anything that may change the document, the
   * selection or the history. `documentChanged` is false for selection-only changes.
   */
  onChange?(change: { documentChanged: boolean }): void;
}

/** The canvas as the rest of the app sees it: a document in, a document out, and editing commands. */
export interface PlannerEditor {
  /** Replaces the canvas with `document` and forgets undo history. */
  load(document: TopologyDocument): Promise<void>;
  toDocument(): TopologyDocument;
  addNode(component: string): Promise<PlannerNode>;
  /** Deletes the selected nodes and their wires as one undoable step; returns how many nodes went. */
  deleteSelected(): Promise<number>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  zoomToFit(): Promise<void>;
  getState(): PlannerEditorState;
  destroy(): void;
}

/**
 * Builds the Rete editor inside `container`. Plain module, no React state: the page mounts it once per
 * canvas and talks to it through the returned handle, which keeps Rete's object graph out of React.
 */
export function createPlannerEditor(container: HTMLElement, deps: PlannerEditorDeps = {}): PlannerEditor {
  const editor = new NodeEditor<PlannerSchemes>();
  const area = new AreaPlugin<PlannerSchemes, PlannerAreaExtra>(container);
  const connection = new ConnectionPlugin<PlannerSchemes, PlannerAreaExtra>();
  const render = new ReactPlugin<PlannerSchemes, PlannerAreaExtra>({ createRoot });
  const history = new HistoryPlugin<PlannerSchemes>();
  let loading = false;
  let destroyed = false;

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
  AreaExtensions.selectableNodes(area, AreaExtensions.selector(), { accumulating });
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

  connection.addPreset(() => createConnectionFlow());

  history.addPreset(HistoryPresets.classic.setup());
  // The history merges records less than 200 ms apart into one undo step, which would glue a quick
  // "connect, then delete" together. Every gesture and command starts a new step instead.
  const beginStep = (): void => history.separate();
  connection.addPipe((context) => {
    if (context.type === 'connectionpick') beginStep();
    return context;
  });

  editor.use(area);
  area.use(connection);
  area.use(render);
  area.use(history);

  editor.addPipe((context) => {
    if (context.type === 'connectioncreate' && context.data.source === context.data.target) return undefined;
    if (['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'].includes(context.type)) notify(true);
    return context;
  });
  area.addPipe((context) => {
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

  return {
    async load(document) {
      loading = true;
      try {
        await editor.clear();
        const nodes = new Map(document.nodes.map((data) => [data.id, PlannerNode.deserialize(data)] as const));
        // Wires first: they may add ports, and a node should render with all its ports from the start.
        const wires = document.wires.flatMap((data) => PlannerConnection.deserialize(data, nodes) ?? []);
        for (const data of document.nodes) {
          const node = nodes.get(data.id);
          if (!node) continue;
          await editor.addNode(node);
          await area.translate(node.id, data.position);
        }
        for (const wire of wires) await editor.addConnection(wire);
        history.clear();
      } finally {
        loading = false;
      }
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

    async addNode(component) {
      const node = new PlannerNode(nextNodeLabel(editor.getNodes().map((existing) => existing.label)), component);
      const center = viewport.center();
      const occupied = editor.getNodes().map((existing) => ({ ...positionOf(existing.id), width: existing.width, height: existing.height }));
      // Start just left of the middle so the first few nodes form a centred row.
      const position = findFreePosition({ x: center.x - node.width - 30, y: center.y - node.height / 2 }, node, occupied);
      beginStep();
      await editor.addNode(node);
      await area.translate(node.id, position);
      beginStep();
      if (!viewport.contains(position, node)) await zoomToFit();
      return node;
    },

    async deleteSelected() {
      const selected = editor.getNodes().filter((node) => node.selected);
      if (selected.length === 0) return 0;
      beginStep();
      for (const node of selected) await removeNodeWithWires(node);
      beginStep();
      return selected.length;
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
      return {
        nodeCount: editor.getNodes().length,
        connectionCount: editor.getConnections().length,
        selectedCount: editor.getNodes().filter((node) => node.selected).length,
        canUndo: depth.undo > 0,
        canRedo: depth.redo > 0,
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

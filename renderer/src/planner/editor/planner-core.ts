import { createRoot } from 'react-dom/client';
import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import { DisposableStore, toDisposable, type Disposable } from '../../lifecycle/disposable-store';
import { createConnectionFlow } from '../connection-flow';
import { observeContainerSize, type ContainerSize } from '../container-size';
import { createNodeDetail } from '../node-detail';
import { createPlainWires } from '../plain-wires';
import type { TopologyFrame } from '../../../../engine/api/schemas/topology';
import type { PlannerNode, Position } from '../planner-node';
import type { PlannerAreaExtra, PlannerSchemes } from '../schemes';
import { LayoutSocketPositions } from '../socket-positions';
import { createViewport } from '../viewport';
import { ConnectionView } from '../views/ConnectionView';
import { NodeView } from '../views/NodeView';
import { createChangeNotifier } from './change-notifier';
import { createHistorySteps, type HistorySteps } from './history-steps';
import type { PlannerEditorDeps } from './planner-editor-api';
import { createSignalHub, type SignalHub } from './signal-hub';

/** The editor signals that add or remove nodes and wires: refused while the canvas is read only. */
const STRUCTURE_CHANGES = new Set<string>(['nodecreate', 'noderemove', 'connectioncreate', 'connectionremove']);

/** How far the canvas zooms out and in. */
export const MIN_ZOOM = 0.15;
export const MAX_ZOOM = 2;

/** The signals a Rete scope sends through its pipes. */
type PipeSignal<T> = T extends { addPipe(pipe: (context: infer S) => unknown): void } ? S : never;
export type PlannerArea = AreaPlugin<PlannerSchemes, PlannerAreaExtra>;
export type EditorSignal = PipeSignal<NodeEditor<PlannerSchemes>>;
export type AreaSignal = PipeSignal<PlannerArea>;
export type ConnectionSignal = PipeSignal<ConnectionPlugin<PlannerSchemes, PlannerAreaExtra>>;
export type NodeBox = { id: string; x: number; y: number; width: number; height: number };

/**
 * The Rete editor with its plugins, wired in the order their pipes must run, and what every
 * contribution shares: the change notifier, the undo steps, node geometry and one hub per signal
 * stream. Contributions observe the hubs and add their own listeners; the core owns the plugins.
 */
export interface PlannerCore extends Disposable {
  readonly container: HTMLElement;
  readonly deps: PlannerEditorDeps;
  readonly editor: NodeEditor<PlannerSchemes>;
  readonly area: PlannerArea;
  readonly connection: ConnectionPlugin<PlannerSchemes, PlannerAreaExtra>;
  readonly history: HistoryPlugin<PlannerSchemes>;
  readonly selector: ReturnType<typeof AreaExtensions.selector>;
  readonly selectable: ReturnType<typeof AreaExtensions.selectableNodes>;
  readonly detail: ReturnType<typeof createNodeDetail>;
  readonly plainWires: ReturnType<typeof createPlainWires>;
  /** The canvas size, cached so reading it never forces a page layout. */
  readonly screen: ContainerSize;
  readonly viewport: ReturnType<typeof createViewport>;
  readonly signals: {
    readonly editor: SignalHub<EditorSignal>;
    readonly area: SignalHub<AreaSignal>;
    readonly connection: SignalHub<ConnectionSignal>;
    /** A wire was drawn (the view culling must look at it). */
    readonly wireDrawn: SignalHub<void>;
    /** `frames` was replaced. */
    readonly frames: SignalHub<void>;
  };
  readonly steps: HistorySteps;
  /** A load is replacing the document: changes are not reported. */
  loading: boolean;
  /**
   * Why the document may not be changed here (the signed-in user lacks the permission), or null when
   * it may. While set, nothing a pointer or a key does adds, removes, wires or moves a node (a load
   * still replaces the document); panning, zooming and selecting work as ever.
   */
  readOnly: string | null;
  /**
   * The document's frames: layout-only rectangles behind the nodes, kept as an immutable list so the
   * history can hold the list before and after an edit (see the frames contribution).
   */
  frames: readonly TopologyFrame[];
  /** Grows when nodes, wires or labels change (see `PlannerEditorState.structureVersion`). */
  structureVersion: number;
  isDestroyed(): boolean;
  notify(documentChanged: boolean): void;
  positionOf(id: string): Position;
  nodeBoxes(): NodeBox[];
  selectedNodes(): PlannerNode[];
  /**
   * Nodes in the order wires flow: left to right (columns within 40 units count as one), then top to
   * bottom. Topologies read from their first wave on the left to their last on the right.
   */
  readingOrder(): PlannerNode[];
  removeNodeWithWires(node: PlannerNode): Promise<void>;
}

/**
 * Builds the core inside `container`. `accumulating` says whether a node picked now adds to the
 * selection (see the selection contribution); `destroyed` whether the editor is being taken down.
 */
export function createPlannerCore(
  container: HTMLElement,
  deps: PlannerEditorDeps,
  options: { accumulating: { active(): boolean }; destroyed(): boolean },
): PlannerCore {
  const store = new DisposableStore();
  const editor = new NodeEditor<PlannerSchemes>();
  const area = new AreaPlugin<PlannerSchemes, PlannerAreaExtra>(container);
  // Added first, so it is disposed last: the area's listeners and views go after everything on top.
  store.add(toDisposable(() => area.destroy()));
  const connection = new ConnectionPlugin<PlannerSchemes, PlannerAreaExtra>();
  const render = new ReactPlugin<PlannerSchemes, PlannerAreaExtra>({ createRoot });
  const history = new HistoryPlugin<PlannerSchemes>();
  const signals = {
    editor: createSignalHub<EditorSignal>(),
    area: createSignalHub<AreaSignal>(),
    connection: createSignalHub<ConnectionSignal>(),
    wireDrawn: createSignalHub<void>(),
    frames: createSignalHub<void>(),
  };

  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, { accumulating: options.accumulating });
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
  const plainWires = createPlainWires(area.area.content.holder, socketPositions, { drawn: () => signals.wireDrawn.emit() });
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
  connection.addPipe((context) => {
    if (frozen() && context.type === 'connectionpick') return undefined;
    signals.connection.emit(context);
    return context;
  });

  // Read only: no node or wire is added or removed, no node moved, no wire picked up, but by a load.
  // These pipes come before the plugins', so a refused change reaches none of them.
  const frozen = (): boolean => core.readOnly !== null && !core.loading;
  editor.addPipe((context) => (frozen() && STRUCTURE_CHANGES.has(context.type) ? undefined : context));
  area.addPipe((context) => (frozen() && context.type === 'nodetranslate' ? undefined : context));

  editor.use(area);
  area.use(connection);
  area.addPipe((context) => plainWires.pipe(context));
  area.use(render);
  area.use(history);
  editor.addPipe((context) => {
    if (context.type === 'connectioncreate' && context.data.source === context.data.target) return undefined;
    signals.editor.emit(context);
    return context;
  });
  area.addPipe((context) => {
    signals.area.emit(context);
    return context;
  });

  const screen = store.add(observeContainerSize(container));
  store.add({ dispose: () => detail.dispose() });
  store.add({ dispose: () => plainWires.dispose() });
  const core: PlannerCore = {
    container,
    deps,
    editor,
    area,
    connection,
    history,
    selector,
    selectable,
    detail,
    plainWires,
    screen,
    viewport: createViewport(area, screen),
    signals,
    steps: createHistorySteps(history),
    loading: false,
    readOnly: null,
    frames: [],
    structureVersion: 0,
    isDestroyed: options.destroyed,
    notify: (documentChanged) => notifier.notify(documentChanged),
    positionOf(id) {
      const view = area.nodeViews.get(id);
      return view ? { x: view.position.x, y: view.position.y } : { x: 0, y: 0 };
    },
    nodeBoxes: () =>
      editor.getNodes().map((node) => ({ id: node.id, ...core.positionOf(node.id), width: node.width, height: node.height })),
    selectedNodes: () => editor.getNodes().filter((node) => node.selected),
    readingOrder: () =>
      [...editor.getNodes()].sort((a, b) => {
        const pa = core.positionOf(a.id);
        const pb = core.positionOf(b.id);
        return Math.round(pa.x / 40) - Math.round(pb.x / 40) || pa.y - pb.y || pa.x - pb.x || a.label.localeCompare(b.label);
      }),
    async removeNodeWithWires(node) {
      for (const wire of editor.getConnections()) {
        if (wire.source === node.id || wire.target === node.id) await editor.removeConnection(wire.id);
      }
      await editor.removeNode(node.id);
    },
    dispose: () => store.dispose(),
  };
  const notifier = store.add(
    createChangeNotifier({ muted: () => core.loading || options.destroyed(), onChange: (change) => deps.onChange?.(change) }),
  );

  // What every change to the document's shape means, whoever made it.
  store.add(
    signals.editor.observe((context) => {
      if (context.type === 'nodecreate') detail.added(context.data);
      if (context.type === 'noderemoved') detail.removed(context.data);
      if (['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'].includes(context.type)) {
        core.structureVersion += 1;
        core.notify(true);
      }
    }),
  );
  store.add(
    signals.area.observe((context) => {
      if (context.type === 'nodetranslated') core.notify(true);
    }),
  );
  return core;
}

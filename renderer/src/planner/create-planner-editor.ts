import { DisposableStore } from '../lifecycle/disposable-store';
import { installCanvasKeyboard } from './editor/contributions/canvas-keyboard';
import { createClipboard } from './editor/contributions/clipboard';
import { installContextMenu } from './editor/contributions/context-menu';
import { createDocumentIo } from './editor/contributions/document-io';
import { installFrames } from './editor/contributions/frames';
import { createGraphEdits } from './editor/contributions/graph-edits';
import { installLevelOfDetail } from './editor/contributions/level-of-detail';
import { installMinimap } from './editor/contributions/minimap';
import { installPlanOverlay } from './editor/contributions/plan-overlay';
import { installRubberBand } from './editor/contributions/rubber-band';
import { createPointerPress, installSelection } from './editor/contributions/selection';
import { installUndoSteps } from './editor/contributions/undo-steps';
import { installViewportReveal } from './editor/contributions/viewport-reveal';
import { installWireChecks } from './editor/contributions/wire-checks';
import { readEditorState } from './editor/editor-state';
import { createPlannerCore } from './editor/planner-core';
import type { PlannerEditor, PlannerEditorDeps } from './editor/planner-editor-api';

export type {
  ContractSource,
  InputWire,
  InspectedNode,
  PlannerEditor,
  PlannerEditorDeps,
  PlannerEditorState,
  WireSource,
} from './editor/planner-editor-api';

/**
 * Builds the Rete editor inside `container`. Plain module, no React state: the page mounts it once per
 * canvas and talks to it through the returned handle, which keeps Rete's object graph out of React.
 *
 * The core (planner-core.ts) holds the Rete editor and its plugins; each contribution adds one
 * behaviour on top and is disposed with the editor, the last installed first. Signals reach the
 * contributions in the order they are installed here.
 */
export function createPlannerEditor(container: HTMLElement, deps: PlannerEditorDeps): PlannerEditor {
  const store = new DisposableStore();
  const press = createPointerPress();
  const core = store.add(createPlannerCore(container, deps, { accumulating: press.accumulating, destroyed: () => store.isDisposed }));
  const view = store.add(installViewportReveal(core));
  const undoSteps = store.add(installUndoSteps(core));
  const selection = store.add(installSelection(core, press, view));
  const menu = store.add(installContextMenu(core, selection));
  store.add(installWireChecks(core));
  const overlay = store.add(installPlanOverlay(core));
  const frames = store.add(installFrames(core, view));
  const minimap = store.add(installMinimap(core));
  store.add(installLevelOfDetail(core));
  store.add(installRubberBand(core, selection, view));
  store.add(installCanvasKeyboard(core, selection, view));
  const documents = createDocumentIo(core, { frames, overlay, view });
  const edits = createGraphEdits(core, view, documents);
  const clipboard = createClipboard(core, documents, selection);

  return {
    load: documents.load,
    toDocument: documents.toDocument,
    addNode: edits.addNode,
    deleteSelected: edits.deleteSelected,
    setParam: edits.setParam,
    renameNode: edits.renameNode,
    connect: edits.connect,
    disconnect: edits.disconnect,
    wireSources: edits.wireSources,
    nudgeSelected: edits.nudgeSelected,
    autoArrange: edits.autoArrange,
    select: selection.selectOnly,
    selectAdjacent: selection.selectAdjacent,
    selectNodes: selection.selectNodes,
    selectAll: selection.selectAll,
    selectDependencies: selection.selectDependencies,
    clearSelection: selection.clearSelection,
    revealSelection: view.revealSelection,
    zoomToFit: view.zoomToFit,
    setOverlay: overlay.set,
    undo: undoSteps.undo,
    redo: undoSteps.redo,
    copySelection: clipboard.copySelection,
    paste: clipboard.paste,
    duplicateSelected: clipboard.duplicateSelected,
    addFrame: frames.add,
    renameFrame: frames.rename,
    removeFrame: frames.remove,
    toggleMinimap: minimap.toggle,
    onContextMenu: menu.onRequest,
    openContextMenu: menu.open,
    getState: () => readEditorState(core, minimap.visible),
    destroy: () => store.dispose(),
  };
}

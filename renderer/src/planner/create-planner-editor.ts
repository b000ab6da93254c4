import { DisposableStore } from '../lifecycle/disposable-store';
import { installCanvasKeyboard } from './editor/contributions/canvas-keyboard';
import { installCoEditingMarks } from './editor/contributions/co-editing-marks';
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
import { readOnlyError } from './planner-error';
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
  const marks = store.add(installCoEditingMarks(core));
  const frames = store.add(installFrames(core, view));
  const minimap = store.add(installMinimap(core));
  store.add(installLevelOfDetail(core));
  store.add(installRubberBand(core, selection, view));
  store.add(installCanvasKeyboard(core, selection, view));
  const documents = createDocumentIo(core, { frames, overlay, view });
  const edits = createGraphEdits(core, view, documents);
  const clipboard = createClipboard(core, documents, selection);
  // Edits run unless the canvas is read only; then what returns something new rejects, the rest does nothing.
  const refused = <A extends unknown[], R>(edit: (...args: A) => Promise<R>) => {
    return (...args: A): Promise<R> => (core.readOnly === null ? edit(...args) : Promise.reject(readOnlyError(core.readOnly)));
  };
  const ignored = <A extends unknown[], R>(edit: (...args: A) => Promise<R>, none: R) => {
    return (...args: A): Promise<R> => (core.readOnly === null ? edit(...args) : Promise.resolve(none));
  };

  return {
    load: documents.load,
    update: documents.update,
    toDocument: documents.toDocument,
    addNode: refused(edits.addNode),
    deleteSelected: ignored(edits.deleteSelected, 0),
    setParam: ignored(edits.setParam, undefined),
    renameNode: ignored(edits.renameNode, undefined),
    connect: (ends) => (core.readOnly === null ? edits.connect(ends) : Promise.resolve(core.readOnly)),
    disconnect: ignored(edits.disconnect, undefined),
    wireSources: edits.wireSources,
    nudgeSelected: ignored(edits.nudgeSelected, undefined),
    autoArrange: ignored(edits.autoArrange, undefined),
    select: selection.selectOnly,
    selectAdjacent: selection.selectAdjacent,
    selectNodes: selection.selectNodes,
    selectAll: selection.selectAll,
    selectDependencies: selection.selectDependencies,
    clearSelection: selection.clearSelection,
    revealSelection: view.revealSelection,
    zoomToFit: view.zoomToFit,
    setOverlay: overlay.set,
    setMarks: marks.set,
    undo: ignored(undoSteps.undo, undefined),
    redo: ignored(undoSteps.redo, undefined),
    copySelection: clipboard.copySelection,
    paste: refused(clipboard.paste),
    duplicateSelected: ignored(clipboard.duplicateSelected, 0),
    addFrame: refused(frames.add),
    renameFrame: ignored(frames.rename, undefined),
    removeFrame: ignored(frames.remove, undefined),
    toggleMinimap: minimap.toggle,
    setReadOnly(reason) {
      core.readOnly = reason;
      // An attribute React does not manage on the canvas element: styles and tests read it.
      if (reason === null) delete container.dataset.readOnly;
      else container.dataset.readOnly = 'true';
    },
    onContextMenu: menu.onRequest,
    openContextMenu: menu.open,
    getState: () => readEditorState(core, minimap.visible),
    destroy: () => store.dispose(),
  };
}

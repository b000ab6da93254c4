import { historyDepth } from '../history-depth';
import type { InputWire, PlannerEditorState } from './planner-editor-api';
import type { PlannerCore } from './planner-core';

/** What the page shows of the canvas: counts, undo and redo, and the one selected node. */
export function readEditorState(core: PlannerCore, minimapVisible: boolean): PlannerEditorState {
  const { editor } = core;
  const depth = historyDepth(core.history);
  const selected = core.selectedNodes();
  const only = selected.length === 1 ? selected[0] : undefined;
  return {
    nodeCount: editor.getNodes().length,
    connectionCount: editor.getConnections().length,
    selectedCount: selected.length,
    selectedIds: selected.map((node) => node.id),
    canUndo: depth.undo > 0,
    canRedo: depth.redo > 0,
    frameCount: core.frames.length,
    minimapVisible,
    structureVersion: core.structureVersion,
    selected: only
      ? {
          id: only.id,
          label: only.label,
          component: only.component,
          contract: only.contract,
          params: only.params ?? {},
          wires: inputWires(core, only.id),
          overlay: only.overlay,
        }
      : null,
  };
}

function inputWires(core: PlannerCore, nodeId: string): Record<string, InputWire> {
  const wires: Record<string, InputWire> = {};
  for (const wire of core.editor.getConnections()) {
    if (wire.target !== nodeId) continue;
    wires[wire.targetInput] = {
      wireId: wire.id,
      sourceId: wire.source,
      sourceLabel: core.editor.getNode(wire.source)?.label ?? wire.source,
      output: wire.sourceOutput,
    };
  }
  return wires;
}

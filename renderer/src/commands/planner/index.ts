import { addNodeCommand } from './add-node';
import { clearSelectionCommand } from './clear-selection';
import { deleteSelectionCommand } from './delete-selection';
import { deployTopologyCommand } from './deploy-topology';
import { destroyDeployedTopologyCommand } from './destroy-deployed-topology';
import { plannerEditingCommands } from './editing-commands';
import { exportCanvasPngCommand } from './export-canvas-png';
import { exportCanvasSvgCommand } from './export-canvas-svg';
import { exportTopologyJsonCommand } from './export-topology-json';
import { exportTopologyYamlCommand } from './export-topology-yaml';
import { focusPaletteSearchCommand } from './focus-palette-search';
import { inspectSelectionCommand } from './inspect-selection';
import { nudgeSelectionCommands } from './nudge-selection';
import { openTopologyFileCommand } from './open-topology-file';
import { redoCommand } from './redo';
import { saveTopologyCommand } from './save-topology';
import { selectNextNodeCommand } from './select-next-node';
import { selectPreviousNodeCommand } from './select-previous-node';
import { togglePaletteCommand } from './toggle-palette';
import { togglePanelDockCommand } from './toggle-panel-dock';
import { togglePlanCommand } from './toggle-plan';
import { toggleTopologyListCommand } from './toggle-topology-list';
import { undoCommand } from './undo';
import { zoomToFitCommand } from './zoom-to-fit';

export {
  addNodeCommand,
  clearSelectionCommand,
  deleteSelectionCommand,
  deployTopologyCommand,
  destroyDeployedTopologyCommand,
  exportCanvasPngCommand,
  exportCanvasSvgCommand,
  exportTopologyJsonCommand,
  exportTopologyYamlCommand,
  focusPaletteSearchCommand,
  inspectSelectionCommand,
  nudgeSelectionCommands,
  openTopologyFileCommand,
  redoCommand,
  saveTopologyCommand,
  selectNextNodeCommand,
  selectPreviousNodeCommand,
  togglePaletteCommand,
  togglePanelDockCommand,
  togglePlanCommand,
  toggleTopologyListCommand,
  undoCommand,
  zoomToFitCommand,
};
export * from './editing-commands';
export type { PlannerCommandContext } from './planner-command-context';

/** The file commands, in the order the toolbar's File menu shows them. */
export const plannerFileCommands = [
  openTopologyFileCommand,
  exportTopologyYamlCommand,
  exportTopologyJsonCommand,
  exportCanvasSvgCommand,
  exportCanvasPngCommand,
] as const;

/** Every planner command, in the order the toolbar and the command palette show them. */
export const plannerCommands = [
  toggleTopologyListCommand,
  togglePaletteCommand,
  togglePanelDockCommand,
  focusPaletteSearchCommand,
  addNodeCommand,
  deleteSelectionCommand,
  undoCommand,
  redoCommand,
  selectNextNodeCommand,
  selectPreviousNodeCommand,
  inspectSelectionCommand,
  clearSelectionCommand,
  ...nudgeSelectionCommands,
  zoomToFitCommand,
  togglePlanCommand,
  deployTopologyCommand,
  destroyDeployedTopologyCommand,
  saveTopologyCommand,
  ...plannerFileCommands,
  ...plannerEditingCommands,
] as const;

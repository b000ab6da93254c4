import { addNodeCommand } from './add-node';
import { clearSelectionCommand } from './clear-selection';
import { deleteSelectionCommand } from './delete-selection';
import { deployTopologyCommand } from './deploy-topology';
import { focusPaletteSearchCommand } from './focus-palette-search';
import { inspectSelectionCommand } from './inspect-selection';
import { nudgeSelectionCommands } from './nudge-selection';
import { redoCommand } from './redo';
import { saveTopologyCommand } from './save-topology';
import { selectNextNodeCommand } from './select-next-node';
import { selectPreviousNodeCommand } from './select-previous-node';
import { togglePaletteCommand } from './toggle-palette';
import { togglePlanCommand } from './toggle-plan';
import { undoCommand } from './undo';
import { zoomToFitCommand } from './zoom-to-fit';

export {
  addNodeCommand,
  clearSelectionCommand,
  deleteSelectionCommand,
  deployTopologyCommand,
  focusPaletteSearchCommand,
  inspectSelectionCommand,
  nudgeSelectionCommands,
  redoCommand,
  saveTopologyCommand,
  selectNextNodeCommand,
  selectPreviousNodeCommand,
  togglePaletteCommand,
  togglePlanCommand,
  undoCommand,
  zoomToFitCommand,
};
export { DEFAULT_COMPONENT } from './add-node';
export type { PlannerCommandContext } from './planner-command-context';

/** Every planner command, in the order the toolbar and the command palette show them. */
export const plannerCommands = [
  togglePaletteCommand,
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
  saveTopologyCommand,
] as const;

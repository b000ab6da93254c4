import { addNodeCommand } from './add-node';
import { deleteSelectionCommand } from './delete-selection';
import { deployTopologyCommand } from './deploy-topology';
import { redoCommand } from './redo';
import { saveTopologyCommand } from './save-topology';
import { togglePlanCommand } from './toggle-plan';
import { undoCommand } from './undo';

export { addNodeCommand, deleteSelectionCommand, deployTopologyCommand, redoCommand, saveTopologyCommand, togglePlanCommand, undoCommand };
export { DEFAULT_COMPONENT } from './add-node';
export type { PlannerCommandContext } from './planner-command-context';

/** Every planner command, in the order the toolbar shows them. */
export const plannerCommands = [addNodeCommand, deleteSelectionCommand, undoCommand, redoCommand, togglePlanCommand, deployTopologyCommand, saveTopologyCommand] as const;

import { addNodeCommand } from './add-node';
import { deleteSelectionCommand } from './delete-selection';
import { redoCommand } from './redo';
import { saveTopologyCommand } from './save-topology';
import { undoCommand } from './undo';

export { addNodeCommand, deleteSelectionCommand, redoCommand, saveTopologyCommand, undoCommand };
export { DEFAULT_COMPONENT } from './add-node';
export type { PlannerCommandContext } from './planner-command-context';

/** Every planner command, in the order the toolbar shows them. */
export const plannerCommands = [addNodeCommand, deleteSelectionCommand, undoCommand, redoCommand, saveTopologyCommand] as const;

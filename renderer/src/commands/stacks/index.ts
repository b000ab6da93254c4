import { forkStackCommand } from './fork-stack';
import { newStackCommand } from './new-stack';
import { publishStackCommand } from './publish-stack';
import { redoStackEditCommand } from './redo-stack-edit';
import { undoStackEditCommand } from './undo-stack-edit';

export { forkStackCommand, newStackCommand, publishStackCommand, redoStackEditCommand, undoStackEditCommand };
export type { StackCommandContext } from './stack-command-context';

/** Every stack-editor command, in the order the command palette lists them. */
export const stackCommands = [newStackCommand, undoStackEditCommand, redoStackEditCommand, publishStackCommand, forkStackCommand] as const;

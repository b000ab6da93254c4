import { publishComponentCommand } from './publish-component';
import { redoComponentEditCommand } from './redo-component-edit';
import { saveComponentCommand } from './save-component';
import { tryComponentCommand } from './try-component';
import { undoComponentEditCommand } from './undo-component-edit';

export { publishComponentCommand, redoComponentEditCommand, saveComponentCommand, tryComponentCommand, undoComponentEditCommand };
export type { ComponentCommandContext } from './component-command-context';

/** Every component-editor command, in the order the toolbar shows them. */
export const componentCommands = [
  undoComponentEditCommand,
  redoComponentEditCommand,
  tryComponentCommand,
  publishComponentCommand,
  saveComponentCommand,
] as const;

/**
 * Bindings that must also work while typing inside Monaco, which claims some keys itself. Not undo and
 * redo: inside Monaco they undo the text there.
 */
export const editorShortcutKeys: readonly string[] = componentCommands
  .filter((command) => command.whileTyping && command !== undoComponentEditCommand && command !== redoComponentEditCommand)
  .flatMap((command) => command.keys);

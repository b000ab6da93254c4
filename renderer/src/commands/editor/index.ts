import { publishComponentCommand } from './publish-component';
import { saveComponentCommand } from './save-component';
import { tryComponentCommand } from './try-component';

export { publishComponentCommand, saveComponentCommand, tryComponentCommand };
export type { ComponentCommandContext } from './component-command-context';

/** Every component-editor command, in the order the toolbar shows them. */
export const componentCommands = [tryComponentCommand, publishComponentCommand, saveComponentCommand] as const;

/** Bindings that must also work while typing inside Monaco, which claims some keys itself. */
export const editorShortcutKeys: readonly string[] = componentCommands.filter((command) => command.whileTyping).flatMap((command) => command.keys);

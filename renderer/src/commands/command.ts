import type { MethodName } from '../../../engine/api/contract';
import type { IconName } from '../ui/Icon';

/**
 * A user command: the one definition that toolbars, keyboard shortcuts and (later) menus and a command
 * palette share, so a shortcut can never do something its button would not.
 */
export interface Command<Context> {
  readonly id: string;
  readonly title: string;
  readonly icon?: IconName;
  /** Key bindings such as `Mod+S` or `Delete`; `Mod` is Ctrl, or ⌘ on macOS. */
  readonly keys: readonly string[];
  /** Whether the shortcut also fires while typing in a text field (saving does; deleting does not). */
  readonly whileTyping?: boolean;
  /**
   * The API methods performing the command calls (or whose permission it needs): while the signed-in
   * user may not call one, the command is disabled everywhere it is offered, with the lacking
   * permission as the reason.
   */
  readonly methods?: readonly MethodName[];
  isEnabled(context: Context): boolean;
  perform(context: Context): void | Promise<void>;
}

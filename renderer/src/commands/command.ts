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
  isEnabled(context: Context): boolean;
  perform(context: Context): void | Promise<void>;
}

import type { Command } from './command';
import { formatKeyBinding } from './key-binding';
import { Icon } from '../ui/Icon';

export interface CommandButtonProps<Context> {
  command: Command<Context>;
  context: Context;
  onRun(command: Command<Context>): void;
  primary?: boolean;
  /** Hide the text and show only the icon (the title stays as tooltip and accessible name). */
  iconOnly?: boolean;
  /** For commands that toggle something (a panel): shown as pressed, and announced as a toggle button. */
  pressed?: boolean;
  /** Drop the text when the window is narrow, keeping the icon (for buttons that are not the main action). */
  collapsible?: boolean;
}

export function CommandButton<Context>({ command, context, onRun, primary = false, iconOnly = false, pressed, collapsible = false }: CommandButtonProps<Context>) {
  const shortcut = command.keys[0];
  const tooltip = shortcut ? `${command.title} (${formatKeyBinding(shortcut)})` : command.title;
  return (
    <button
      type="button"
      className={`button${primary ? ' button--primary' : ''}${iconOnly ? ' button--icon' : ''}${pressed ? ' button--pressed' : ''}${collapsible ? ' button--collapsible' : ''}`}
      title={tooltip}
      aria-label={command.title}
      aria-pressed={pressed}
      disabled={!command.isEnabled(context)}
      data-testid={`toolbar-${command.id}`}
      onClick={() => onRun(command)}
    >
      {command.icon && <Icon name={command.icon} size={16} />}
      {!iconOnly && <span>{command.title}</span>}
    </button>
  );
}

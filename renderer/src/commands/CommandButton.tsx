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
}

export function CommandButton<Context>({ command, context, onRun, primary = false, iconOnly = false }: CommandButtonProps<Context>) {
  const shortcut = command.keys[0];
  const tooltip = shortcut ? `${command.title} (${formatKeyBinding(shortcut)})` : command.title;
  return (
    <button
      type="button"
      className={`button${primary ? ' button--primary' : ''}${iconOnly ? ' button--icon' : ''}`}
      title={tooltip}
      aria-label={command.title}
      disabled={!command.isEnabled(context)}
      data-testid={`toolbar-${command.id}`}
      onClick={() => onRun(command)}
    >
      {command.icon && <Icon name={command.icon} size={16} />}
      {!iconOnly && <span>{command.title}</span>}
    </button>
  );
}

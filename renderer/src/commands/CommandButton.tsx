import { useIdentity, usePermissionStore } from '../permissions/PermissionProvider';
import type { Command } from './command';
import { commandBlock } from './command-permission';
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
  /**
   * Drop the text when the window is narrow, keeping the icon (for buttons that are not the main action);
   * `early` drops it already in medium-sized windows, for the last buttons added to a crowded toolbar.
   */
  collapsible?: boolean | 'early';
  /** Shorter visible text for a crowded toolbar; the full title stays the tooltip and accessible name. */
  label?: string;
}

export function CommandButton<Context>({
  command,
  context,
  onRun,
  primary = false,
  iconOnly = false,
  pressed,
  collapsible = false,
  label,
}: CommandButtonProps<Context>) {
  const permissions = usePermissionStore();
  useIdentity();
  const blocked = commandBlock(command, permissions);
  const shortcut = command.keys[0];
  // A command the user may not run says why, as its tooltip and accessible description.
  const tooltip = blocked ?? (shortcut ? `${command.title} (${formatKeyBinding(shortcut)})` : command.title);
  return (
    <button
      type="button"
      className={`button${primary ? ' button--primary' : ''}${iconOnly ? ' button--icon' : ''}${pressed ? ' button--pressed' : ''}${collapsible ? ' button--collapsible' : ''}${collapsible === 'early' ? ' button--collapsible-early' : ''}`}
      title={tooltip}
      aria-label={command.title}
      aria-pressed={pressed}
      disabled={blocked !== null || !command.isEnabled(context)}
      data-blocked-reason={blocked ?? undefined}
      data-testid={`toolbar-${command.id}`}
      onClick={() => onRun(command)}
    >
      {command.icon && <Icon name={command.icon} size={16} />}
      {!iconOnly && <span>{label ?? command.title}</span>}
    </button>
  );
}

import { useCallback } from 'react';
import { usePermissionStore } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';
import type { Command } from './command';
import { runCommand } from './run-command';
import { usePaletteCommands } from './palette/CommandPaletteProvider';
import { useCommandShortcuts } from './use-command-shortcuts';

/**
 * Binds the commands' shortcuts while `active`, offers them in the command palette, and returns `run`
 * for buttons, so every path reports a failure the same way: a toast naming the command.
 */
export function useCommandRunner<Context>(
  commands: readonly Command<Context>[],
  context: Context,
  active: boolean,
  group?: string,
): (command: Command<Context>) => void {
  const notifier = useNotifier();
  const permissions = usePermissionStore();
  const onError = useCallback((command: Command<Context>, error: unknown) => notifier.error(`${command.title} failed`, error), [notifier]);
  useCommandShortcuts(commands, context, { active, onError, permissions });
  usePaletteCommands(commands, context, { active, onError, permissions, ...(group ? { group } : {}) });
  return (command) => void runCommand(command, context, onError, permissions);
}

import { useCallback } from 'react';
import { useNotifier } from '../toasts/ToastProvider';
import type { Command } from './command';
import { runCommand } from './run-command';
import { useCommandShortcuts } from './use-command-shortcuts';

/**
 * Binds the commands' shortcuts while `active` and returns `run` for buttons, so both paths report a
 * failure the same way: a toast naming the command.
 */
export function useCommandRunner<Context>(commands: readonly Command<Context>[], context: Context, active: boolean): (command: Command<Context>) => void {
  const notifier = useNotifier();
  const onError = useCallback((command: Command<Context>, error: unknown) => notifier.error(`${command.title} failed`, error), [notifier]);
  useCommandShortcuts(commands, context, { active, onError });
  return (command) => void runCommand(command, context, onError);
}

import type { PermissionStore } from '../permissions/permission-store';
import type { Command } from './command';
import { isCommandEnabled } from './command-permission';

/**
 * Performs a command if it is enabled (and the user may call what it calls); failures go to `onError`
 * so callers need no try/catch.
 */
export async function runCommand<Context>(
  command: Command<Context>,
  context: Context,
  onError: (command: Command<Context>, error: unknown) => void,
  permissions?: PermissionStore,
): Promise<void> {
  if (permissions ? !isCommandEnabled(command, context, permissions) : !command.isEnabled(context)) return;
  try {
    await command.perform(context);
  } catch (error) {
    onError(command, error);
  }
}

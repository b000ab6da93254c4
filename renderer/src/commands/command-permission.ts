import type { PermissionStore } from '../permissions/permission-store';
import type { Command } from './command';

/** Why the signed-in user may not run `command` (a permission it lacks), or null. */
export function commandBlock(command: Pick<Command<never>, 'methods'>, permissions: PermissionStore): string | null {
  return command.methods ? permissions.reasonForAny(command.methods) : null;
}

/** Whether `command` can run now: the user may call what it calls, and the page says it is enabled. */
export function isCommandEnabled<Context>(command: Command<Context>, context: Context, permissions: PermissionStore): boolean {
  return commandBlock(command, permissions) === null && command.isEnabled(context);
}

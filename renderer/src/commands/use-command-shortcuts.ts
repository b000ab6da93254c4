import { useEffect, useLayoutEffect, useRef } from 'react';
import type { PermissionStore } from '../permissions/permission-store';
import type { Command } from './command';
import { isCommandEnabled } from './command-permission';
import { isEditableTarget } from './is-editable-target';
import { matchesKeyBinding } from './key-binding';
import { runCommand } from './run-command';

/**
 * Binds the commands' keys while `active` (the page is visible). The context is read through a ref so
 * the listener is installed once and always sees the latest state.
 */
export function useCommandShortcuts<Context>(
  commands: readonly Command<Context>[],
  context: Context,
  options: { active: boolean; onError: (command: Command<Context>, error: unknown) => void; permissions?: PermissionStore },
): void {
  const latest = useRef({ commands, context, onError: options.onError, permissions: options.permissions });
  useLayoutEffect(() => {
    latest.current = { commands, context, onError: options.onError, permissions: options.permissions };
  });

  useEffect(() => {
    if (!options.active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const { commands: current, context: currentContext, onError, permissions } = latest.current;
      const typing = isEditableTarget(event.target);
      const command = current.find(
        (candidate) => (!typing || candidate.whileTyping) && candidate.keys.some((key) => matchesKeyBinding(event, key)),
      );
      if (!command) return;
      // A disabled command leaves the key to the page (Ctrl+C still copies selected text), except the
      // ones that also work while typing, such as Ctrl+S, which must never open the browser's save dialog.
      const enabled = permissions ? isCommandEnabled(command, currentContext, permissions) : command.isEnabled(currentContext);
      if (!command.whileTyping && !enabled) return;
      event.preventDefault();
      void runCommand(command, currentContext, onError, permissions);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [options.active]);
}

import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Command } from './command';
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
  options: { active: boolean; onError: (command: Command<Context>, error: unknown) => void },
): void {
  const latest = useRef({ commands, context, onError: options.onError });
  useLayoutEffect(() => {
    latest.current = { commands, context, onError: options.onError };
  });

  useEffect(() => {
    if (!options.active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const { commands: current, context: currentContext, onError } = latest.current;
      const typing = isEditableTarget(event.target);
      const command = current.find((candidate) => (!typing || candidate.whileTyping) && candidate.keys.some((key) => matchesKeyBinding(event, key)));
      if (!command) return;
      // Claim the key even when the command is disabled, so Ctrl+S never opens the browser's save dialog.
      event.preventDefault();
      void runCommand(command, currentContext, onError);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [options.active]);
}

import { createContext, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PermissionStore } from '../../permissions/permission-store';
import type { Command } from '../command';
import { commandBlock } from '../command-permission';
import { runCommand } from '../run-command';
import { CommandRegistry } from './command-registry';

interface PaletteState {
  registry: CommandRegistry;
  open: boolean;
  setOpen(open: boolean): void;
}

const PaletteContext = createContext<PaletteState | null>(null);

/** Holds the commands every active page offers and whether the palette is open. */
export function CommandPaletteProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new CommandRegistry());
  const [open, setOpen] = useState(false);
  const value = useMemo(() => ({ registry, open, setOpen }), [registry, open]);
  return <PaletteContext.Provider value={value}>{children}</PaletteContext.Provider>;
}

/** The palette's state; null outside a provider (pages rendered alone in tests). */
export function useCommandPalette(): PaletteState | null {
  return useContext(PaletteContext);
}

/**
 * Offers `commands` in the palette while `active`, bound to the latest `context`, so the palette runs
 * exactly what the page's buttons and shortcuts run. `group` names them in the list (empty: the page).
 */
export function usePaletteCommands<Context>(
  commands: readonly Command<Context>[],
  context: Context,
  options: {
    active: boolean;
    group?: string;
    onError: (command: Command<Context>, error: unknown) => void;
    permissions?: PermissionStore;
  },
): void {
  const palette = useContext(PaletteContext);
  const source = useId();
  const latest = useRef({ context, onError: options.onError });
  useLayoutEffect(() => {
    latest.current = { context, onError: options.onError };
  });
  const { active, group = '', permissions } = options;
  useEffect(() => {
    if (!palette || !active) return;
    return palette.registry.register(
      source,
      commands.map((command) => ({
        id: command.id,
        title: command.title,
        group,
        keys: command.keys,
        isEnabled: () => (permissions ? commandBlock(command, permissions) === null : true) && command.isEnabled(latest.current.context),
        disabledReason: () => (permissions ? commandBlock(command, permissions) : null),
        run: () => runCommand(command, latest.current.context, latest.current.onError, permissions),
      })),
    );
  }, [palette, source, commands, active, group, permissions]);
}

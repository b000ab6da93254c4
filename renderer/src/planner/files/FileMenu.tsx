import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Command } from '../../commands/command';
import { commandBlock } from '../../commands/command-permission';
import { formatKeyBinding } from '../../commands/key-binding';
import { useIdentity, usePermissionStore } from '../../permissions/PermissionProvider';
import { Icon } from '../../ui/Icon';

export interface FileMenuProps<Context> {
  commands: readonly Command<Context>[];
  context: Context;
  onRun(command: Command<Context>): void;
}

/** The toolbar's "File" button: a small menu of the file commands, each with its shortcut. */
export function FileMenu<Context>({ commands, context, onRun }: FileMenuProps<Context>) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const permissions = usePermissionStore();
  useIdentity();

  // Close on a click anywhere else.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointerDown);
    rootRef.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => window.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const items = [...(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      rootRef.current?.querySelector<HTMLElement>('[aria-haspopup]')?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="file-menu" ref={rootRef}>
      <button
        type="button"
        className="button button--collapsible"
        aria-label="File"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Open, export and save topology files"
        onClick={() => setOpen((value) => !value)}
        data-testid="toolbar-file-menu"
      >
        <Icon name="file" size={16} />
        <span>File</span>
      </button>
      {open && (
        <div className="file-menu__list" role="menu" id={menuId} aria-label="File" onKeyDown={onMenuKeyDown} data-testid="file-menu">
          {commands.map((command) => {
            const blocked = commandBlock(command, permissions);
            return (
              <button
                key={command.id}
                type="button"
                role="menuitem"
                className="file-menu__item"
                disabled={blocked !== null || !command.isEnabled(context)}
                title={blocked ?? undefined}
                onClick={() => {
                  setOpen(false);
                  onRun(command);
                }}
                data-testid={`file-menu-${command.id}`}
              >
                <span>{command.title}</span>
                {command.keys[0] && <kbd className="file-menu__keys">{formatKeyBinding(command.keys[0])}</kbd>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Command } from '../../commands/command';
import { commandBlock } from '../../commands/command-permission';
import { formatKeyBinding } from '../../commands/key-binding';
import { usePermissionStore } from '../../permissions/PermissionProvider';
import {
  addFrameCommand,
  autoArrangeCommand,
  copySelectionCommand,
  deleteSelectionCommand,
  duplicateSelectionCommand,
  addNodeCommand,
  inspectSelectionCommand,
  pasteNodesCommand,
  selectAllCommand,
  selectDependenciesCommand,
  zoomToFitCommand,
  type PlannerCommandContext,
} from '../../commands/planner';
import type { PlannerEditor } from '../create-planner-editor';
import type { ContextMenuRequest } from './context-menu-request';

interface MenuItem {
  id: string;
  label: string;
  keys?: string;
  enabled: boolean;
  /** Why it is disabled for the signed-in user (a permission it lacks). */
  blocked?: string | null;
  perform(): void;
}

export interface PlannerContextMenuProps {
  editor: PlannerEditor | null;
  context: PlannerCommandContext;
  run(command: Command<PlannerCommandContext>): void;
}

const NODE_ITEMS = [
  [inspectSelectionCommand, 'Inspect'],
  [duplicateSelectionCommand, 'Duplicate'],
  [copySelectionCommand, 'Copy'],
  [deleteSelectionCommand, 'Delete'],
  [selectDependenciesCommand, 'Select dependencies'],
] as const;
const CANVAS_ITEMS = [
  [addNodeCommand, 'Add component…'],
  [pasteNodesCommand, 'Paste'],
  [selectAllCommand, 'Select all'],
  [autoArrangeCommand, 'Auto-arrange'],
  [zoomToFitCommand, 'Zoom to fit'],
  [addFrameCommand, 'Add frame'],
] as const;

/**
 * The canvas' right-click menu (also Shift+F10 and the ContextMenu key): its items are the planner
 * commands, so they do exactly what their shortcuts do. A WAI-ARIA menu: arrows move, Escape closes.
 */
export function PlannerContextMenu({ editor, context, run }: PlannerContextMenuProps) {
  const [request, setRequest] = useState<ContextMenuRequest | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: 0, top: 0 });
  const permissions = usePermissionStore();

  useEffect(() => editor?.onContextMenu(setRequest), [editor]);

  const close = (refocus: boolean): void => {
    setRequest(null);
    if (refocus) document.querySelector<HTMLElement>('[data-testid="planner-canvas"]')?.focus();
  };

  // Keep the menu inside the window, and put the focus on its first item.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!request || !menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPosition({
      left: Math.max(0, Math.min(request.clientX, window.innerWidth - width - 4)),
      top: Math.max(0, Math.min(request.clientY, window.innerHeight - height - 4)),
    });
    // The first item even when disabled (ARIA menus keep disabled items focusable): the page's state
    // catches up with a selection made by the right click one frame later.
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [request]);

  useEffect(() => {
    if (!request) return;
    const onPointerDown = (event: PointerEvent): void => {
      if (!menuRef.current?.contains(event.target as Node)) setRequest(null);
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [request]);

  if (!request || !editor) return null;

  const fromCommand = ([command, label]: readonly [Command<PlannerCommandContext>, string]): MenuItem => ({
    id: command.id,
    label,
    ...(command.keys[0] ? { keys: formatKeyBinding(command.keys[0]) } : {}),
    enabled: commandBlock(command, permissions) === null && command.isEnabled(context),
    blocked: commandBlock(command, permissions),
    perform: () => run(command),
  });
  const deleteWireItem = (wireId: string): MenuItem => {
    const blocked = permissions.reasonFor('saveTopologyDraft');
    return { id: 'delete-wire', label: 'Delete wire', enabled: blocked === null, blocked, perform: () => void editor.disconnect(wireId) };
  };
  const { target } = request;
  const items: MenuItem[] =
    target.kind === 'node'
      ? NODE_ITEMS.map(fromCommand)
      : target.kind === 'wire'
        ? [deleteWireItem(target.id)]
        : CANVAS_ITEMS.map(fromCommand);

  const move = (from: HTMLElement, step: 1 | -1 | 'first' | 'last'): void => {
    const all = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = all.indexOf(from);
    const next = step === 'first' ? all[0] : step === 'last' ? all[all.length - 1] : all[(index + step + all.length) % all.length];
    next?.focus();
  };

  return (
    <div
      ref={menuRef}
      className="planner-context-menu"
      role="menu"
      aria-label={target.kind === 'node' ? 'Node' : target.kind === 'wire' ? 'Wire' : 'Canvas'}
      data-testid="planner-context-menu"
      data-target={target.kind}
      style={{ left: position.left, top: position.top }}
      onContextMenu={(event) => event.preventDefault()}
      // The area takes any release on the window for a click on empty canvas, which would clear the
      // selection the chosen item acts on.
      onPointerUp={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        // The page's shortcuts must not act while the menu has the keyboard.
        event.stopPropagation();
        const item = event.target as HTMLElement;
        if (event.key === 'ArrowDown') move(item, 1);
        else if (event.key === 'ArrowUp') move(item, -1);
        else if (event.key === 'Home') move(item, 'first');
        else if (event.key === 'End') move(item, 'last');
        else if (event.key === 'Escape' || event.key === 'Tab') close(true);
        else return;
        event.preventDefault();
      }}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="planner-context-menu__item"
          data-testid="context-menu-item"
          data-command={item.id}
          aria-disabled={item.enabled ? undefined : 'true'}
          title={item.blocked ?? undefined}
          onClick={() => {
            if (!item.enabled) return;
            // Close first: a command may move the focus (the inspector, the palette search).
            close(item.id !== 'inspect-selection' && item.id !== 'focus-palette-search');
            item.perform();
          }}
        >
          <span>{item.label}</span>
          {item.keys && <kbd className="planner-context-menu__keys">{item.keys}</kbd>}
        </button>
      ))}
    </div>
  );
}

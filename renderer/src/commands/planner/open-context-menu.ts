import type { Command, PlannerCommandContext } from './planner-command-context';

/** Opens the context menu from the keyboard: on the selection, or on the canvas. */
export const openContextMenuCommand: Command<PlannerCommandContext> = {
  id: 'open-context-menu',
  title: 'Open the context menu',
  keys: ['Shift+F10', 'ContextMenu'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.editor?.openContextMenu(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** Unselects every node, which also closes the inspector. */
export const clearSelectionCommand: Command<PlannerCommandContext> = {
  id: 'clear-selection',
  title: 'Clear selection',
  keys: ['Escape'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    await context.editor?.clearSelection();
  },
};

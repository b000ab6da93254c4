import type { Command, PlannerCommandContext } from './planner-command-context';

/** Selects the previous node in reading order, wrapping around. */
export const selectPreviousNodeCommand: Command<PlannerCommandContext> = {
  id: 'select-previous-node',
  title: 'Select previous node',
  keys: ['['],
  isEnabled: (context) => context.editor !== null && context.editorState.nodeCount > 0,
  async perform(context) {
    await context.editor?.selectAdjacent(-1);
  },
};

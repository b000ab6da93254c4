import type { Command, PlannerCommandContext } from './planner-command-context';

/** Selects the next node in reading order (left to right, then top to bottom), wrapping around. */
export const selectNextNodeCommand: Command<PlannerCommandContext> = {
  id: 'select-next-node',
  title: 'Select next node',
  keys: [']'],
  isEnabled: (context) => context.editor !== null && context.editorState.nodeCount > 0,
  async perform(context) {
    await context.editor?.selectAdjacent(1);
  },
};

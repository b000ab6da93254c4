import type { Command, PlannerCommandContext } from './planner-command-context';

/** Selects every node on the canvas. */
export const selectAllCommand: Command<PlannerCommandContext> = {
  id: 'select-all',
  title: 'Select all nodes',
  keys: ['Mod+A'],
  isEnabled: (context) => context.editor !== null && context.editorState.nodeCount > 0,
  async perform(context) {
    await context.editor?.selectAll();
  },
};

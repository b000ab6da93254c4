import type { Command, PlannerCommandContext } from './planner-command-context';

/** Adds to the selection everything the selected nodes depend on, all the way up. */
export const selectDependenciesCommand: Command<PlannerCommandContext> = {
  id: 'select-dependencies',
  title: 'Select dependencies',
  keys: ['Shift+D'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    await context.editor?.selectDependencies();
  },
};

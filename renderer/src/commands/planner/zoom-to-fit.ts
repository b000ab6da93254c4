import type { Command, PlannerCommandContext } from './planner-command-context';

/** Fits every node into the view. Shift+F, F for fit; never fires while typing. */
export const zoomToFitCommand: Command<PlannerCommandContext> = {
  id: 'zoom-to-fit',
  title: 'Fit to view',
  keys: ['Shift+F'],
  isEnabled: (context) => context.editor !== null && context.editorState.nodeCount > 0,
  async perform(context) {
    await context.editor?.zoomToFit();
  },
};

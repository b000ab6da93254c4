import type { Command, PlannerCommandContext } from './planner-command-context';

export const DEFAULT_COMPONENT = 'local-file';

/** Adds a node for the component typed in the toolbar (a `name@version` or, while designing, a bare name). */
export const addNodeCommand: Command<PlannerCommandContext> = {
  id: 'add-node',
  title: 'Add node',
  icon: 'plus',
  keys: ['Shift+A'],
  isEnabled: (context) => context.editor !== null,
  async perform(context) {
    await context.editor?.addNode(context.componentName.trim() || DEFAULT_COMPONENT);
  },
};

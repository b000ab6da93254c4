import type { Command, PlannerCommandContext } from './planner-command-context';

/**
 * Opens the quick pick of the catalog: type to filter, arrows to choose, Enter adds the component in
 * the middle of the view (nudged to a free spot). Only catalog components can be picked.
 */
export const addNodeCommand: Command<PlannerCommandContext> = {
  id: 'add-node',
  title: 'Add node…',
  icon: 'plus',
  keys: ['Shift+A'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.openAddNode(),
};

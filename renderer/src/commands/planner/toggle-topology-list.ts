import type { Command, PlannerCommandContext } from './planner-command-context';

/** Shows or hides the list of topologies beside the canvas; the choice is remembered. Shift+L, L for list. */
export const toggleTopologyListCommand: Command<PlannerCommandContext> = {
  id: 'toggle-topology-list',
  title: 'Topologies list',
  icon: 'graph',
  keys: ['Shift+L'],
  isEnabled: () => true,
  perform: (context) => context.toggleTopologyList(),
};

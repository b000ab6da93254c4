import type { Command, PlannerCommandContext } from './planner-command-context';

/**
 * Destroys what the open topology has deployed in the planner's environment, after the destroy
 * confirmation (which lists what goes and, for several components, asks for the topology's name). No
 * shortcut: something this destructive is chosen from the command palette, never hit by accident.
 */
export const destroyDeployedTopologyCommand: Command<PlannerCommandContext> = {
  id: 'destroy-deployed',
  title: 'Destroy deployed topology…',
  icon: 'trash',
  keys: [],
  methods: ['startTopologyDestroy'],
  isEnabled: (context) => context.canDestroy === true,
  perform: (context) => context.openDestroy?.(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/**
 * Shows or hides the plan: the panel beside the canvas and the plan overlay on it (each node's
 * deployment wave as a numbered badge). Shift+P, like Shift+A for adding a node: a plain key the
 * browser and Electron leave alone (Ctrl+Shift+P would be the command palette's), and it never fires
 * while typing in a field.
 */
export const togglePlanCommand: Command<PlannerCommandContext> = {
  id: 'plan',
  title: 'Plan',
  icon: 'plan',
  keys: ['Shift+P'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.togglePlan(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/**
 * Docks the inspector and the plan beside the canvas, or floats them over it (the default, so the
 * canvas keeps the whole width); the choice is remembered. Either way the selection is kept in view.
 */
export const togglePanelDockCommand: Command<PlannerCommandContext> = {
  id: 'toggle-panel-dock',
  title: 'Dock or float the inspector and plan',
  keys: ['Shift+K'],
  isEnabled: () => true,
  perform: (context) => context.togglePanelDock(),
};

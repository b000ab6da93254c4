import type { Command, PlannerCommandContext } from './planner-command-context';

/** Shows or hides the minimap; the choice is remembered. */
export const toggleMinimapCommand: Command<PlannerCommandContext> = {
  id: 'toggle-minimap',
  title: 'Show or hide the minimap',
  keys: ['Shift+M'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.editor?.toggleMinimap(),
};

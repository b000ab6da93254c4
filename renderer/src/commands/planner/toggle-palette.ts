import type { Command, PlannerCommandContext } from './planner-command-context';

/** Shows or hides the component palette. Shift+C, C for catalog; never fires while typing. */
export const togglePaletteCommand: Command<PlannerCommandContext> = {
  id: 'toggle-palette',
  title: 'Components palette',
  icon: 'catalog',
  keys: ['Shift+C'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.togglePalette(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** Jumps to the palette's search box (opening the palette): `/`, as in many search-first tools. */
export const focusPaletteSearchCommand: Command<PlannerCommandContext> = {
  id: 'focus-palette-search',
  title: 'Search components',
  icon: 'search',
  keys: ['/'],
  isEnabled: (context) => context.editor !== null,
  perform: (context) => context.focusPaletteSearch(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** A picture of the canvas as PNG at twice the size, for slides and chats that do not take SVG. */
export const exportCanvasPngCommand: Command<PlannerCommandContext> = {
  id: 'export-png',
  title: 'Export picture (PNG)',
  keys: [],
  isEnabled: (context) => context.files.canExport && context.editor !== null,
  perform: (context) => context.files.exportPicture('png'),
};

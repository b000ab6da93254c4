import type { Command, PlannerCommandContext } from './planner-command-context';

/** A picture of the canvas as SVG (drawn from the document, so it scales and needs no page styles). */
export const exportCanvasSvgCommand: Command<PlannerCommandContext> = {
  id: 'export-svg',
  title: 'Export picture (SVG)',
  keys: [],
  isEnabled: (context) => context.files.canExport && context.editor !== null,
  perform: (context) => context.files.exportPicture('svg'),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** The saved topology as JSON, for tools that read JSON rather than YAML. */
export const exportTopologyJsonCommand: Command<PlannerCommandContext> = {
  id: 'export-json',
  title: 'Export JSON',
  keys: [],
  isEnabled: (context) => context.files.canExport,
  perform: (context) => context.files.exportFile('json'),
};

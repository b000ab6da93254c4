import type { Command, PlannerCommandContext } from './planner-command-context';

/** "Save as file…": the saved topology as YAML, the format people edit and keep in version control. */
export const exportTopologyYamlCommand: Command<PlannerCommandContext> = {
  id: 'export-yaml',
  title: 'Save as file… (export YAML)',
  icon: 'save',
  keys: ['Mod+Shift+S'],
  whileTyping: true,
  isEnabled: (context) => context.files.canExport,
  perform: (context) => context.files.exportFile('yaml'),
};

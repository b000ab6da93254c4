import type { Command, PlannerCommandContext } from './planner-command-context';

export const saveTopologyCommand: Command<PlannerCommandContext> = {
  id: 'save',
  title: 'Save',
  icon: 'save',
  keys: ['Mod+S'],
  whileTyping: true,
  methods: ['saveTopology'],
  isEnabled: (context) => context.editor !== null && context.dirty && !context.saving,
  perform: (context) => context.save(),
};

import type { Command, PlannerCommandContext } from './planner-command-context';

export const redoCommand: Command<PlannerCommandContext> = {
  id: 'redo',
  title: 'Redo',
  icon: 'redo',
  keys: ['Mod+Shift+Z', 'Mod+Y'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.canRedo,
  async perform(context) {
    await context.editor?.redo();
  },
};

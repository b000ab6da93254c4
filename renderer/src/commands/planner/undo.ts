import type { Command, PlannerCommandContext } from './planner-command-context';

export const undoCommand: Command<PlannerCommandContext> = {
  id: 'undo',
  title: 'Undo',
  icon: 'undo',
  keys: ['Mod+Z'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.canUndo,
  async perform(context) {
    await context.editor?.undo();
  },
};

import type { Command, PlannerCommandContext } from './planner-command-context';

export const deleteSelectionCommand: Command<PlannerCommandContext> = {
  id: 'delete-selection',
  title: 'Delete',
  icon: 'trash',
  keys: ['Delete', 'Backspace'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    await context.editor?.deleteSelected();
  },
};

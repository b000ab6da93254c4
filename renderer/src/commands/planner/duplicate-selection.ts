import type { Command, PlannerCommandContext } from './planner-command-context';

/** Copies the selected nodes in place, without touching the clipboard. */
export const duplicateSelectionCommand: Command<PlannerCommandContext> = {
  id: 'duplicate-selection',
  title: 'Duplicate',
  keys: ['Mod+D'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    await context.editor?.duplicateSelected();
  },
};

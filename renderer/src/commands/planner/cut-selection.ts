import { nodeClipboard } from '../../planner/clipboard/node-clipboard';
import type { Command, PlannerCommandContext } from './planner-command-context';

/** Copies the selected nodes, then deletes them with their wires (one undo step brings them back). */
export const cutSelectionCommand: Command<PlannerCommandContext> = {
  id: 'cut-selection',
  title: 'Cut',
  keys: ['Mod+X'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    const payload = context.editor?.copySelection();
    if (!payload) return;
    await nodeClipboard.write(payload);
    await context.editor?.deleteSelected();
  },
};

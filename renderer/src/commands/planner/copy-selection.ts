import { nodeClipboard } from '../../planner/clipboard/node-clipboard';
import type { Command, PlannerCommandContext } from './planner-command-context';

/** Copies the selected nodes and the wires between them to the clipboard. */
export const copySelectionCommand: Command<PlannerCommandContext> = {
  id: 'copy-selection',
  title: 'Copy',
  keys: ['Mod+C'],
  isEnabled: (context) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context) {
    const payload = context.editor?.copySelection();
    if (payload) await nodeClipboard.write(payload);
  },
};

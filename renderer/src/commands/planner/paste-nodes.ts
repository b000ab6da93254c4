import { nodeClipboard } from '../../planner/clipboard/node-clipboard';
import type { Command, PlannerCommandContext } from './planner-command-context';

/** Pastes copied nodes (with new ids and labels, a little offset) and selects them. */
export const pasteNodesCommand: Command<PlannerCommandContext> = {
  id: 'paste-nodes',
  title: 'Paste',
  keys: ['Mod+V'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null,
  async perform(context) {
    const payload = await nodeClipboard.read();
    if (payload) await context.editor?.paste(payload);
  },
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** Lays the topology out left to right by dependency, one undo step. */
export const autoArrangeCommand: Command<PlannerCommandContext> = {
  id: 'auto-arrange',
  title: 'Auto-arrange',
  keys: ['Mod+Shift+A'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null && context.editorState.nodeCount > 0,
  async perform(context) {
    await context.editor?.autoArrange();
  },
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** Draws a frame around the selected nodes (or in the middle of the view). Shift+G, for group. */
export const addFrameCommand: Command<PlannerCommandContext> = {
  id: 'add-frame',
  title: 'Add frame',
  keys: ['Shift+G'],
  methods: ['saveTopologyDraft'],
  isEnabled: (context) => context.editor !== null,
  async perform(context) {
    await context.editor?.addFrame();
  },
};

import type { Command, PlannerCommandContext } from './planner-command-context';

/** Moves the focus into the inspector of the one selected node, to edit its parameters from the keyboard. */
export const inspectSelectionCommand: Command<PlannerCommandContext> = {
  id: 'inspect-selection',
  title: 'Edit parameters of the selected node',
  icon: 'settings',
  keys: ['Shift+I'],
  isEnabled: (context) => context.editor !== null && context.editorState.selected !== null,
  perform: (context) => context.focusInspector(),
};

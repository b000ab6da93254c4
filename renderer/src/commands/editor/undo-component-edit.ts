import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

/**
 * Undoes the last edit of the draft's description, contract or resolver bindings; a rename typed in
 * one go is one step. Also while typing in those fields; the program's editor keeps its own undo.
 */
export const undoComponentEditCommand: Command<ComponentCommandContext> = {
  id: 'undo-component-edit',
  title: 'Undo component edit',
  icon: 'undo',
  keys: ['Mod+Z'],
  whileTyping: true,
  methods: ['updateComponentDraft'],
  isEnabled: (context) => context.hasComponent && !context.readOnly && context.canUndo,
  perform: (context) => context.undo(),
};

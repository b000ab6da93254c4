import type { Command } from '../command';
import type { StackCommandContext } from './stack-command-context';

/** Undoes the last edit of the draft. Also while typing: every keystroke is a draft edit, so the field follows. */
export const undoStackEditCommand: Command<StackCommandContext> = {
  id: 'undo-stack-edit',
  title: 'Undo stack edit',
  icon: 'undo',
  keys: ['Mod+Z'],
  whileTyping: true,
  methods: ['saveStackDraft'],
  isEnabled: (context) => context.editing && context.canUndo,
  perform: (context) => context.undo(),
};

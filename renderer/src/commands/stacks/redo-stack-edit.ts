import type { Command } from '../command';
import type { StackCommandContext } from './stack-command-context';

/** Redoes the edit last undone. */
export const redoStackEditCommand: Command<StackCommandContext> = {
  id: 'redo-stack-edit',
  title: 'Redo stack edit',
  icon: 'redo',
  keys: ['Mod+Shift+Z', 'Mod+Y'],
  whileTyping: true,
  methods: ['saveStackDraft'],
  isEnabled: (context) => context.editing && context.canRedo,
  perform: (context) => context.redo(),
};

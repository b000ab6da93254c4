import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

/** Redoes the component edit last undone. */
export const redoComponentEditCommand: Command<ComponentCommandContext> = {
  id: 'redo-component-edit',
  title: 'Redo component edit',
  icon: 'redo',
  keys: ['Mod+Shift+Z', 'Mod+Y'],
  whileTyping: true,
  methods: ['updateComponentDraft'],
  isEnabled: (context) => context.hasComponent && !context.readOnly && context.canRedo,
  perform: (context) => context.redo(),
};

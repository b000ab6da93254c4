import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

export const saveComponentCommand: Command<ComponentCommandContext> = {
  id: 'save-component',
  title: 'Save draft',
  icon: 'save',
  keys: ['Mod+S'],
  whileTyping: true,
  methods: ['updateComponentDraft'],
  isEnabled: (context) => context.hasComponent && !context.readOnly && context.dirty && !context.saving,
  perform: async (context) => {
    await context.save();
  },
};

import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

export const saveComponentCommand: Command<ComponentCommandContext> = {
  id: 'save-component',
  title: 'Save',
  icon: 'save',
  keys: ['Mod+S'],
  whileTyping: true,
  isEnabled: (context) => context.hasDraft && context.dirty && !context.saving,
  perform: (context) => context.save(),
};

export const componentCommands = [saveComponentCommand] as const;

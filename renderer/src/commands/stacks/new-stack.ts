import type { Command } from '../command';
import type { StackCommandContext } from './stack-command-context';

/** Opens the "New stack" dialog (name, and an empty start or a template). */
export const newStackCommand: Command<StackCommandContext> = {
  id: 'new-stack',
  title: 'New stack…',
  icon: 'plus',
  keys: ['Alt+N'],
  methods: ['createStack'],
  isEnabled: () => true,
  perform: (context) => context.newStack(),
};

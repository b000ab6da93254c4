import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

/** Runs the program under Pulumi mocks with the parameters of the "Try it" panel (and opens the panel). */
export const tryComponentCommand: Command<ComponentCommandContext> = {
  id: 'try-component',
  title: 'Try it',
  icon: 'rocket',
  keys: ['Mod+Enter'],
  whileTyping: true,
  methods: ['tryComponent'],
  isEnabled: (context) => context.hasComponent && !context.trying,
  perform: (context) => context.tryIt(),
};

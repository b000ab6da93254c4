import type { Command } from '../command';
import type { StackCommandContext } from './stack-command-context';

/** Asks for a changelog and publishes the draft as the next immutable version. */
export const publishStackCommand: Command<StackCommandContext> = {
  id: 'publish-stack',
  title: 'Publish stack…',
  icon: 'publish',
  keys: ['Mod+Alt+P'],
  methods: ['publishStack'],
  isEnabled: (context) => context.editing && context.publishBlocked === null,
  perform: (context) => context.publish(),
};

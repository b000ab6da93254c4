import type { Command } from '../command';
import type { StackCommandContext } from './stack-command-context';

/** Copies a published version into a new stack (asks for its name) and opens it. */
export const forkStackCommand: Command<StackCommandContext> = {
  id: 'fork-stack',
  title: 'Fork stack…',
  icon: 'compare',
  keys: ['Mod+Alt+F'],
  methods: ['forkStack'],
  isEnabled: (context) => context.forkBlocked === null,
  perform: (context) => context.fork(),
};

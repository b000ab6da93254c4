import type { Command } from '../command';
import type { ComponentCommandContext } from './component-command-context';

/** Saves the draft if needed, then asks for the changelog of the version to publish. */
export const publishComponentCommand: Command<ComponentCommandContext> = {
  id: 'publish-component',
  title: 'Publish…',
  icon: 'publish',
  keys: [],
  methods: ['publishComponent'],
  isEnabled: (context) => context.hasComponent && !context.readOnly && !context.saving,
  perform: (context) => context.publish(),
};

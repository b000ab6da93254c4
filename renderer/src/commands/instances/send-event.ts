import type { Command, InstancesCommandContext } from './instances-command-context';

/** Routes a manual event to the open instance through its stack's routing rules. */
export const sendEventCommand: Command<InstancesCommandContext> = {
  id: 'send-stack-event',
  title: 'Send event to instance…',
  icon: 'publish',
  keys: [],
  methods: ['emitEvent'],
  isEnabled: (context) => context.canSendEvent,
  perform: (context) => context.openSendEvent(),
};

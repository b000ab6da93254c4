import type { Command, InstancesCommandContext } from './instances-command-context';

/** Runs a day-2 operation of the open instance, chosen among those its state allows now. */
export const runOperationCommand: Command<InstancesCommandContext> = {
  id: 'run-stack-operation',
  title: 'Run operation…',
  icon: 'rocket',
  keys: [],
  methods: ['runStackOperation'],
  isEnabled: (context) => context.canRunOperation,
  perform: (context) => context.openRunOperation(),
};

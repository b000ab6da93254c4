import type { Command, InstancesCommandContext } from './instances-command-context';

/** Opens the "Deploy a stack" dialog: published stack and version, environment, name and parameters. */
export const deployStackCommand: Command<InstancesCommandContext> = {
  id: 'deploy-stack',
  title: 'Deploy a stack…',
  icon: 'rocket',
  keys: [],
  methods: ['deployStack'],
  isEnabled: () => true,
  perform: (context) => context.openDeploy(),
};

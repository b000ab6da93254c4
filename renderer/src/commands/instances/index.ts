import { deployStackCommand } from './deploy-stack';
import { runOperationCommand } from './run-operation';
import { sendEventCommand } from './send-event';

export { deployStackCommand, runOperationCommand, sendEventCommand };
export type { InstancesCommandContext } from './instances-command-context';

/** Every Stack instances command, in the order the palette lists them. */
export const instancesCommands = [deployStackCommand, runOperationCommand, sendEventCommand] as const;

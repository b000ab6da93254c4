/** What Stack instances commands may look at and use; built by the Stack instances page on every render. */
export interface InstancesCommandContext {
  openDeploy(): void;
  /** An instance's page is open and at least one of its operations may run now. */
  canRunOperation: boolean;
  /** Opens the choice of the operations allowed now, then their confirmation. */
  openRunOperation(): void;
  /** An instance's page is open. */
  canSendEvent: boolean;
  openSendEvent(): void;
}

export type { Command } from '../command';

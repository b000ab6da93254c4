import type { StateMachineDocument } from '../../../../../engine/api/schemas/stacks';
import { haWebStackDocument } from '../../../../../engine/common/examples/ha-web-stack';

/** The state machine of the HA web example (resources/examples/ha-web.stack.yaml), as placed there. */
export const HA_WEB_MACHINE: StateMachineDocument = haWebStackDocument().stateMachine;

/**
 * A denser machine placed by the automatic layout: a lifecycle with maintenance, scaling and backup
 * states, every working state able to fail, back edges, guarded and timed transitions and loops.
 */
export const DENSE_MACHINE: StateMachineDocument = {
  states: [
    { name: 'new', initial: true },
    { name: 'provisioning' },
    { name: 'running' },
    { name: 'scaling' },
    { name: 'backing-up' },
    { name: 'maintenance' },
    { name: 'restoring' },
    { name: 'failed' },
    { name: 'retiring' },
    { name: 'retired', terminal: true },
  ],
  transitions: [
    { from: 'new', to: 'provisioning', trigger: 'deploy', workflow: 'deploy', timeout: { seconds: 900, target: 'failed' } },
    { from: 'provisioning', to: 'running', trigger: 'deploy.succeeded' },
    { from: 'provisioning', to: 'failed', trigger: 'deploy.failed' },
    { from: 'running', to: 'scaling', trigger: 'scale', workflow: 'scale-out', guard: 'event.replicas > 0' },
    { from: 'scaling', to: 'running', trigger: 'scale.done' },
    { from: 'scaling', to: 'failed', trigger: 'scale.failed' },
    { from: 'running', to: 'backing-up', trigger: 'backup', workflow: 'backup' },
    { from: 'backing-up', to: 'running', trigger: 'backup.done' },
    { from: 'backing-up', to: 'failed', trigger: 'backup.failed' },
    { from: 'running', to: 'maintenance', trigger: 'maintain' },
    { from: 'maintenance', to: 'running', trigger: 'resume' },
    { from: 'maintenance', to: 'restoring', trigger: 'restore', workflow: 'restore' },
    { from: 'restoring', to: 'running', trigger: 'restore.done' },
    { from: 'restoring', to: 'failed', trigger: 'restore.failed' },
    { from: 'failed', to: 'provisioning', trigger: 'retry', workflow: 'deploy' },
    { from: 'failed', to: 'restoring', trigger: 'restore', workflow: 'restore' },
    { from: 'running', to: 'running', trigger: 'config.changed', workflow: 'reconfigure' },
    { from: 'running', to: 'running', trigger: 'heartbeat' },
    { from: 'running', to: 'retiring', trigger: 'destroy', workflow: 'destroy' },
    { from: 'failed', to: 'retiring', trigger: 'destroy', workflow: 'destroy' },
    { from: 'maintenance', to: 'retiring', trigger: 'destroy', workflow: 'destroy' },
    { from: 'retiring', to: 'retired', trigger: 'destroy.succeeded' },
    { from: 'retiring', to: 'failed', trigger: 'destroy.failed' },
  ],
};

import type { StateMachineDocument } from '../../../../../engine/api/schemas/stacks';

/** The state machine of resources/examples/ha-web.stack.yaml, as placed there. */
export const HA_WEB_MACHINE: StateMachineDocument = {
  states: [
    { name: 'new', initial: true, position: { x: 0, y: 140 } },
    { name: 'deploying', position: { x: 220, y: 140 } },
    { name: 'active', position: { x: 440, y: 140 } },
    { name: 'degraded', position: { x: 440, y: 340 } },
    { name: 'upgrading', position: { x: 660, y: 0 } },
    { name: 'failed', position: { x: 220, y: 340 } },
    { name: 'destroying', position: { x: 660, y: 260 } },
    { name: 'destroyed', terminal: true, position: { x: 880, y: 260 } },
  ],
  transitions: [
    { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy', timeout: { seconds: 1800, target: 'failed' } },
    { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
    { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
    { from: 'failed', to: 'deploying', trigger: 'retry', workflow: 'deploy' },
    { from: 'active', to: 'degraded', trigger: 'object.lost' },
    { from: 'degraded', to: 'active', trigger: 'healed' },
    { from: 'degraded', to: 'failed', trigger: 'heal.failed' },
    { from: 'active', to: 'upgrading', trigger: 'upgrade', workflow: 'upgrade' },
    { from: 'upgrading', to: 'active', trigger: 'upgrade.succeeded' },
    { from: 'upgrading', to: 'failed', trigger: 'upgrade.failed' },
    { from: 'active', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
    { from: 'degraded', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
    { from: 'failed', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
    { from: 'destroying', to: 'destroyed', trigger: 'destroy.succeeded' },
    { from: 'destroying', to: 'failed', trigger: 'destroy.failed' },
  ],
};

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

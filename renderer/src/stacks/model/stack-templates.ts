import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { haWebStackDocument } from '../../../../engine/common/examples/ha-web-stack';

/** What a new stack can start from. */
export type StackTemplateId = 'empty' | 'ha-web';

export const STACK_TEMPLATES: readonly { id: StackTemplateId; label: string; description: string }[] = [
  { id: 'empty', label: 'Empty', description: 'One slot and the lifecycle every stack needs (deploy, destroy); add the rest yourself.' },
  {
    id: 'ha-web',
    label: 'HA web (example)',
    description: 'A network, two web machines and a DNS name on the local provider, with degraded/heal and routing rules.',
  },
];

/**
 * The smallest draft the engine accepts: a stack needs at least one slot, so "empty" starts with one
 * slot of the chosen component and a plain deploy/destroy lifecycle.
 */
export function emptyStack(component: string): StackDocument {
  return {
    description: '',
    parameters: { type: 'object', properties: {} },
    slots: [{ name: 'main', component, inputs: {} }],
    outputs: {},
    stateMachine: {
      states: [
        { name: 'new', initial: true, position: { x: 0, y: 100 } },
        { name: 'deploying', position: { x: 200, y: 100 } },
        { name: 'active', position: { x: 400, y: 100 } },
        { name: 'failed', position: { x: 200, y: 240 } },
        { name: 'destroying', position: { x: 600, y: 100 } },
        { name: 'destroyed', terminal: true, position: { x: 800, y: 100 } },
      ],
      transitions: [
        { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' },
        { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
        { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
        { from: 'failed', to: 'deploying', trigger: 'retry', workflow: 'deploy' },
        { from: 'active', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
        { from: 'failed', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
        { from: 'destroying', to: 'destroyed', trigger: 'destroy.succeeded' },
        { from: 'destroying', to: 'failed', trigger: 'destroy.failed' },
      ],
    },
    operations: [],
    routing: [],
  };
}

/** The document a new stack starts from: the HA web example (engine/common/examples), or one slot of `component`. */
export function templateDocument(template: StackTemplateId, component: string): StackDocument {
  return template === 'ha-web' ? haWebStackDocument() : emptyStack(component);
}

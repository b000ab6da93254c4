import type { StackDocument } from '../../../../engine/api/schemas/stacks';

/** What a new stack can start from. */
export type StackTemplateId = 'empty' | 'ha-web';

export const STACK_TEMPLATES: readonly { id: StackTemplateId; label: string; description: string }[] = [
  { id: 'empty', label: 'Empty', description: 'One slot and the lifecycle every stack needs (deploy, destroy); add the rest yourself.' },
  { id: 'ha-web', label: 'HA web (example)', description: 'A network, two web machines and a DNS name on the local provider, with degraded/heal and routing rules.' },
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

/**
 * The HA web example (a renderer-side copy of the engine's fixture `ha-web-stack.ts`; the renderer
 * cannot import engine code). It uses the built-in local components, so it works without a cloud.
 */
export function haWebStack(): StackDocument {
  return {
    description: 'Two web machines on their own network, with a DNS name',
    parameters: {
      type: 'object',
      properties: {
        zone: { type: 'string', default: 'ha.internal', description: 'DNS zone of the site' },
        web_cores: { type: 'integer', minimum: 1, maximum: 8, default: 1 },
      },
    },
    slots: [
      { name: 'net', component: 'local-network@1', inputs: {} },
      { name: 'web1', component: 'local-vm@1', inputs: { network_id: 'slots.net.network_id', ip_address: 'cidrhost(slots.net.cidr, 11)', cores: 'params.web_cores', memory_mb: '256' } },
      { name: 'web2', component: 'local-vm@1', inputs: { network_id: 'slots.net.network_id', ip_address: 'cidrhost(slots.net.cidr, 12)', cores: 'params.web_cores', memory_mb: '256' } },
      { name: 'dns', component: 'local-dns@1', inputs: { zone: 'params.zone', hostname: "'www'", ip_address: 'slots.web1.ip_address' } },
    ],
    outputs: { url: "concat('http://', slots.dns.fqdn)", web1: 'slots.web1.endpoint', web2: 'slots.web2.endpoint' },
    stateMachine: {
      states: [
        { name: 'new', initial: true, position: { x: 0, y: 100 } },
        { name: 'deploying', position: { x: 200, y: 100 } },
        { name: 'active', position: { x: 400, y: 100 } },
        { name: 'degraded', position: { x: 400, y: 260 } },
        { name: 'upgrading', position: { x: 600, y: 0 } },
        { name: 'failed', position: { x: 200, y: 260 } },
        { name: 'destroying', position: { x: 600, y: 200 } },
        { name: 'destroyed', terminal: true, position: { x: 800, y: 200 } },
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
    },
    operations: [
      {
        name: 'heal',
        description: 'Read every object back and put back what is missing or stopped',
        inputSchema: { type: 'object', properties: {} },
        requiredStates: ['degraded'],
        steps: [{ kind: 'refresh' }, { kind: 'redeploy' }],
        onSuccess: 'healed',
      },
      {
        name: 'inspect-web1',
        description: 'List the first machine’s directory',
        inputSchema: { type: 'object', properties: {} },
        requiredStates: ['active', 'degraded'],
        steps: [{ kind: 'command', slot: 'web1', command: ['ls', '-1'] }],
      },
    ],
    routing: [
      { event: 'local.*.removed', trigger: 'object.lost' },
      { event: 'local.vm.stopped', filter: "slot == 'web1' || slot == 'web2'", trigger: 'object.lost' },
    ],
  };
}

export function templateDocument(template: StackTemplateId, component: string): StackDocument {
  return template === 'ha-web' ? haWebStack() : emptyStack(component);
}

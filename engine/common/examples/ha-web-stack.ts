/**
 * The HA web example stack on the local provider: a network, two web machines whose addresses are
 * computed from the network's CIDR, and a DNS record for the first one; a lifecycle state machine
 * with degraded/heal, and routing rules that turn a lost or stopped machine into `object.lost`. The
 * stack editor offers it as a template and the tests of engine and renderer use it;
 * resources/examples/ha-web.stack.yaml is the same stack as a file (a test keeps the two equal).
 * Written out in full, with the defaults the engine fills in, so it reads as a complete document.
 */
const HA_WEB_STACK = {
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
    {
      name: 'web1',
      component: 'local-vm@1',
      inputs: {
        network_id: 'slots.net.network_id',
        ip_address: 'cidrhost(slots.net.cidr, 11)',
        cores: 'params.web_cores',
        memory_mb: '256',
      },
    },
    {
      name: 'web2',
      component: 'local-vm@1',
      inputs: {
        network_id: 'slots.net.network_id',
        ip_address: 'cidrhost(slots.net.cidr, 12)',
        cores: 'params.web_cores',
        memory_mb: '256',
      },
    },
    { name: 'dns', component: 'local-dns@1', inputs: { zone: 'params.zone', hostname: "'www'", ip_address: 'slots.web1.ip_address' } },
  ],
  outputs: { url: "concat('http://', slots.dns.fqdn)", web1: 'slots.web1.endpoint', web2: 'slots.web2.endpoint' },
  stateMachine: {
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
    { event: 'local.vm.stopped', filter: "event.slot == 'web1' || event.slot == 'web2'", trigger: 'object.lost' },
  ],
} as const;

/** A value of type `T` with every `readonly` removed, so a copy of the example can be edited. */
type Editable<T> = T extends readonly (infer Item)[]
  ? Editable<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: Editable<T[Key]> }
    : T;

/** A fresh copy of the HA web example stack document, the caller's to change. */
export function haWebStackDocument(): Editable<typeof HA_WEB_STACK> {
  return JSON.parse(JSON.stringify(HA_WEB_STACK)) as Editable<typeof HA_WEB_STACK>;
}

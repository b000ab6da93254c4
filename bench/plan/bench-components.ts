import { NotFoundError } from '../../engine/errors.js';
import type { ComponentDefinition, ComponentLookup } from '../../engine/planning/component-definition.js';

/** A network: its name and a /24 come from resolvers; VMs wire to its `network_id`. */
export const BENCH_NETWORK: ComponentDefinition = {
  ref: 'bench-network@1',
  name: 'bench-network',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualNetwork',
  inputSchema: { type: 'object', properties: { name: { type: 'string' }, cidr: { type: 'string' } }, required: ['name', 'cidr'] },
  outputSchema: { type: 'object', properties: { network_id: { type: 'string' } } },
  bindings: { name: { resolver: 'naming' }, cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 } },
};

/**
 * A VM with every resolver kind bound (naming, an address from `hosts`, an image, a secret) and two
 * wireable inputs: its network and, optionally, an upstream VM's address, so a layered graph can
 * carry about 1.5 wires per node without two wires into one input.
 */
export const BENCH_VM: ComponentDefinition = {
  ref: 'bench-vm@1',
  name: 'bench-vm',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualMachine',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      ip_address: { type: 'string', format: 'ipv4' },
      image: { type: 'string' },
      network_id: { type: 'string' },
      upstream: { type: 'string' },
      cores: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
      password: { type: 'string' },
    },
    required: ['name', 'ip_address', 'image', 'network_id', 'password'],
    additionalProperties: false,
  },
  outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
  bindings: {
    name: { resolver: 'naming' },
    ip_address: { resolver: 'ipam', allocate: 'address', pool: 'hosts' },
    image: { resolver: 'image_catalog', osFamily: 'debian', osVersion: '12' },
    password: { resolver: 'secret' },
  },
};

const catalog = new Map([BENCH_NETWORK, BENCH_VM].map((definition) => [definition.ref, definition]));

/** Looks up the bench components like the engine's published-component lookup does. */
export const benchComponents: ComponentLookup = (ref) => {
  const found = catalog.get(ref);
  if (!found) throw new NotFoundError('Component version', ref);
  return found;
};

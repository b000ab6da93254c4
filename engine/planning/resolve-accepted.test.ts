import { describe, expect, it } from 'vitest';
import type { EffectiveResolverConfig } from '../landing-zones/resolver-config.js';
import type { ComponentDefinition } from './component-definition.js';
import { resolveTopology, type ResolverSet } from './resolve-topology.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { ResolvedValue } from './resolved-value.js';

// Values accepted from drift against what a later deploy's topology asks for. The component binds no
// resolver, so no resolver runs and none is needed.
const network: ComponentDefinition = {
  ref: 'local-network@1',
  name: 'local-network',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualNetwork',
  inputSchema: {
    type: 'object',
    properties: { mtu: { type: 'integer', default: 1500 }, label: { type: 'string' }, zone: { type: 'string' } },
  },
  outputSchema: { type: 'object', properties: { zone: { type: 'string' } } },
  bindings: {},
};

const accepted = (value: unknown, replaced: unknown): ResolvedValue => ({
  value,
  source: 'drift-accepted',
  detail: 'accepted from drift on 2026-12-06',
  replaced,
});

async function resolve(params: Record<string, unknown>, previous: Record<string, ResolvedValue>, wired = false) {
  const resolution = await resolveTopology({
    document: {
      schemaVersion: 1,
      nodes: [
        { id: 'up', label: 'up', component: 'local-network@1', position: { x: 0, y: 0 } },
        { id: 'n', label: 'n', component: 'local-network@1', position: { x: 0, y: 0 }, params },
      ],
      wires: wired ? [{ id: 'w', source: { node: 'up', port: 'zone' }, target: { node: 'n', port: 'zone' } }] : [],
    },
    environment: { name: 'dev', landingZone: 'z', provider: 'local', config: {} as EffectiveResolverConfig },
    components: () => network,
    resolvers: {} as ResolverSet,
    mode: 'commit',
    previous: (nodeId) => (nodeId === 'n' ? previous : undefined),
    rehearse: (work) => work({} as Repositories),
  });
  return resolution.nodes.find((node) => node.nodeId === 'n')!.values;
}

describe('values accepted from drift', () => {
  it('are kept over the default they replaced', async () => {
    expect((await resolve({}, { mtu: accepted(9000, 1500) })).mtu).toMatchObject({ value: 9000, source: 'drift-accepted' });
  });

  it('are kept over a value set on the node while the node still asks for the value they replaced', async () => {
    expect((await resolve({ mtu: 1400 }, { mtu: accepted(9000, 1400) })).mtu).toMatchObject({ value: 9000, source: 'drift-accepted' });
    expect((await resolve({ label: 'a' }, { label: accepted('b', 'a') })).label).toMatchObject({ value: 'b', source: 'drift-accepted' });
  });

  it('give way to a new value set on the node, and to a wire', async () => {
    expect((await resolve({ mtu: 1300 }, { mtu: accepted(9000, 1400) })).mtu).toEqual({ value: 1300, source: 'user' });
    expect((await resolve({}, { zone: accepted('x', null) }, true)).zone).toMatchObject({ source: 'wire', pending: true });
  });

  it('are dropped for an input the component no longer has, and other earlier values are not taken over', async () => {
    const values = await resolve({}, { gone: accepted(1, 0), label: { value: 'old', source: 'user' } });
    expect(values.gone).toBeUndefined();
    expect(values.label).toBeUndefined();
  });
});

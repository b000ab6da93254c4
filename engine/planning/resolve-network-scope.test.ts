import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { loadComponentManifest } from '../components/component-manifest.js';
import { NotFoundError } from '../errors.js';
import { effectiveResolverConfig, type ResolverConfig } from '../landing-zones/resolver-config.js';
import { resourcesDir } from '../paths.js';
import { ImageCatalog, loadImageCatalogFile } from '../resolvers/image-catalog/image-catalog.js';
import { IpamService } from '../resolvers/ipam/ipam-service.js';
import { NamingService } from '../resolvers/naming/naming-service.js';
import { SecretService } from '../resolvers/secret/secret-service.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import type { ComponentDefinition } from './component-definition.js';
import { resolveTopology, type ResolutionEnvironment, type ResolutionMode, type ResolverSet } from './resolve-topology.js';

// The built-in components as shipped (resources/components), so their bindings are tested too.
const catalog = new Map<string, ComponentDefinition>(
  ['local-network', 'local-vm', 'local-dns', 'proxmox-network', 'proxmox-vm', 'proxmox-lxc'].map((name) => {
    const manifest = loadComponentManifest(path.join(resourcesDir(), 'components', name));
    const ref = `${manifest.name}@${manifest.version}`;
    return [
      ref,
      {
        ref,
        name: manifest.name,
        version: manifest.version,
        provider: manifest.provider,
        semanticType: manifest.semanticType,
        inputSchema: manifest.inputSchema,
        outputSchema: manifest.outputSchema,
        bindings: manifest.resolverBindings,
      },
    ];
  }),
);
const components = (ref: string) => {
  const found = catalog.get(ref);
  if (!found) throw new NotFoundError('Component version', ref);
  return found;
};

type Node = TopologyDocument['nodes'][number];
const node = (id: string, component: string, params?: Record<string, unknown>): Node => ({
  id,
  label: id,
  component,
  position: { x: 0, y: 0 },
  ...(params ? { params } : {}),
});
const wire = (source: string, sourcePort: string, target: string, targetPort: string): TopologyDocument['wires'][number] => ({
  id: `${source}-${target}-${targetPort}`,
  source: { node: source, port: sourcePort },
  target: { node: target, port: targetPort },
});

/** net-1 with two machines on it, and a DNS record of the first. */
const localDoc = (netParams?: Record<string, unknown>): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [node('net-1', 'local-network@1', netParams), node('web', 'local-vm@1'), node('db', 'local-vm@1'), node('dns', 'local-dns@1')],
  wires: [
    wire('net-1', 'network_id', 'web', 'network_id'),
    wire('net-1', 'network_id', 'db', 'network_id'),
    wire('web', 'name', 'dns', 'hostname'),
    wire('web', 'ip_address', 'dns', 'ip_address'),
  ],
});

function environmentOf(
  provider: string,
  layers: { landingZone?: ResolverConfig; environment?: ResolverConfig } = {},
): ResolutionEnvironment {
  const effective = effectiveResolverConfig({ landingZone: { ipam: { pool: 'lab' }, naming: { domain: 'lab.internal' } }, ...layers });
  return { name: 'dev', landingZone: 'lab', provider, config: effective.config, configSources: effective.sources };
}

let temp: ReturnType<typeof tempDir>;
let store: Store;
let resolvers: ResolverSet;
beforeEach(async () => {
  temp = tempDir();
  store = openStore(temp.dir);
  resolvers = {
    ipam: new IpamService(store.async),
    naming: new NamingService(store.async),
    images: new ImageCatalog(loadImageCatalogFile(path.join(resourcesDir(), 'catalog', 'images.yaml'))),
    secrets: new SecretService(store.async, 'ef'.repeat(32)),
  };
  await resolvers.ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
});
afterEach(() => {
  store.close();
  temp.remove();
});

async function resolve(
  document: TopologyDocument,
  mode: ResolutionMode,
  environment = environmentOf('local'),
  previous?: (nodeId: string) => Awaited<ReturnType<typeof resolveTopology>>['nodes'][number]['values'] | undefined,
) {
  return await resolveTopology({
    document,
    environment,
    components,
    resolvers,
    mode,
    owner: (id) => `deployment:${id}`,
    rehearse: (work) => store.async.rehearse(work),
    ...(previous ? { previous } : {}),
  });
}
const valuesOf = (result: Awaited<ReturnType<typeof resolveTopology>>, nodeId: string) =>
  result.nodes.find((n) => n.nodeId === nodeId)!.values;

describe('addresses inside the wired network', () => {
  it("plans a machine's address in its network's subnet, naming the network, and reserves nothing", async () => {
    const plan = await resolve(localDoc(), 'preview');
    expect(plan.valid).toBe(true);
    expect(valuesOf(plan, 'net-1').cidr).toMatchObject({ value: '10.20.0.0/24', detail: 'ipam: next free in pool lab' });
    // Not the pool's next free address at large (10.20.1.0, outside the subnet): the subnet's first host after its gateway.
    expect(valuesOf(plan, 'web').ip_address).toEqual({
      value: '10.20.0.2',
      source: 'resolver',
      detail: "ipam: next free in net-1's subnet 10.20.0.0/24",
    });
    expect(valuesOf(plan, 'db').ip_address).toMatchObject({ value: '10.20.0.3', detail: "ipam: next free in net-1's subnet 10.20.0.0/24" });
    expect((await resolvers.ipam.listPools()).map((p) => p.name)).toEqual(['lab']);
    expect(await resolvers.ipam.listAllocations({ pool: 'lab' })).toEqual([]);
  });

  it('allocates in a child pool of the network that its deployment owns, and adds later members to it', async () => {
    const first = await resolve(localDoc(), 'commit');
    expect(valuesOf(first, 'web').ip_address).toMatchObject({
      value: '10.20.0.2',
      detail: "ipam: allocated in net-1's subnet 10.20.0.0/24",
    });
    expect((await resolvers.ipam.listAllocations({ pool: 'lab' })).map((a) => [a.value, a.kind, a.owner])).toEqual([
      ['10.20.0.0/24', 'child_pool', 'deployment:net-1'],
    ]);
    const scope = await resolvers.ipam.getPool({ pool: 'dev/net-1' });
    expect(scope).toMatchObject({ cidr: '10.20.0.0/24', gateway: '10.20.0.1' });
    expect((await resolvers.ipam.listAllocations({ pool: scope.id })).map((a) => [a.value, a.owner])).toEqual([
      ['10.20.0.2', 'deployment:web'],
      ['10.20.0.3', 'deployment:db'],
    ]);

    // Deployed again with one more machine: the others keep theirs, the new one joins the same subnet.
    const grown = localDoc();
    grown.nodes.push(node('cache', 'local-vm@1'));
    grown.wires.push(wire('net-1', 'network_id', 'cache', 'network_id'));
    const again = await resolve(grown, 'commit', undefined, (id) => (id === 'cache' ? undefined : valuesOf(first, id)));
    expect(valuesOf(again, 'cache').ip_address).toMatchObject({
      value: '10.20.0.4',
      detail: "ipam: allocated in net-1's subnet 10.20.0.0/24",
    });
    expect(valuesOf(again, 'web').ip_address!.value).toBe('10.20.0.2');
    expect((await resolvers.ipam.listPools()).map((p) => p.name)).toEqual(['lab', 'dev/net-1']);
  });

  it('previews a new machine on a network deployed before it, in the subnet the network holds', async () => {
    // The network alone first: its subnet is a plain allocation of its deployment.
    const alone: TopologyDocument = { schemaVersion: 1, nodes: [node('net-1', 'local-network@1')], wires: [] };
    const deployed = await resolve(alone, 'commit');
    expect((await resolvers.ipam.listAllocations({ pool: 'lab' })).map((a) => [a.value, a.kind, a.owner])).toEqual([
      ['10.20.0.0/24', 'subnet', 'deployment:net-1'],
    ]);
    // Then a machine joins it; the preview runs as owner "preview", not as the network's deployment.
    const plan = await resolveTopology({
      document: localDoc(),
      environment: environmentOf('local'),
      components,
      resolvers,
      mode: 'preview',
      previous: (id) => (id === 'net-1' ? valuesOf(deployed, 'net-1') : undefined),
      rehearse: (work) => store.async.rehearse(work),
    });
    expect(plan.nodes.flatMap((n) => n.issues)).toEqual([]);
    expect(valuesOf(plan, 'web').ip_address).toMatchObject({
      value: '10.20.0.2',
      detail: "ipam: next free in net-1's subnet 10.20.0.0/24",
    });
    expect((await resolvers.ipam.listAllocations({ pool: 'lab' })).map((a) => [a.value, a.kind, a.owner])).toEqual([
      ['10.20.0.0/24', 'subnet', 'deployment:net-1'],
    ]);
  });

  it('moves a deployed machine into its network when the network has another subnet now, giving the old address back', async () => {
    const first = await resolve(localDoc({ cidr: '10.20.7.0/24' }), 'commit');
    expect(valuesOf(first, 'web').ip_address!.value).toBe('10.20.7.2');
    // The network's subnet is changed by hand; the machines were deployed with addresses in the old one.
    const moved = await resolve(localDoc({ cidr: '10.20.8.0/24' }), 'commit', undefined, (id) =>
      id === 'dns' ? undefined : valuesOf(first, id),
    );
    expect(valuesOf(moved, 'web').ip_address).toMatchObject({
      value: '10.20.8.2',
      detail: "ipam: allocated in net-1's subnet 10.20.8.0/24",
    });
    expect(valuesOf(moved, 'db').ip_address!.value).toBe('10.20.8.3');
    // The old addresses were given back; the old scope stays net-1's until net-1 goes.
    expect(await resolvers.ipam.listAllocations({ pool: 'dev/net-1' })).toEqual([]);
    expect((await resolvers.ipam.listAllocations({ pool: 'dev/net-1-2' })).map((a) => [a.value, a.owner])).toEqual([
      ['10.20.8.2', 'deployment:web'],
      ['10.20.8.3', 'deployment:db'],
    ]);
    // Unchanged values stay as they were.
    expect(valuesOf(moved, 'web').name).toEqual(valuesOf(first, 'web').name);
  });

  it('draws from a subnet typed by hand when it lies in the pool, and says why not when it does not', async () => {
    const typed = await resolve(localDoc({ cidr: '10.20.7.0/24' }), 'preview');
    expect(valuesOf(typed, 'web').ip_address).toMatchObject({
      value: '10.20.7.2',
      detail: "ipam: next free in net-1's subnet 10.20.7.0/24",
    });
    const outside = await resolve(localDoc({ cidr: '192.168.5.0/24' }), 'preview');
    expect(outside.valid).toBe(false);
    expect(outside.nodes.find((n) => n.nodeId === 'web')!.issues).toContainEqual({
      path: 'params.ip_address',
      message: "addresses of net-1's subnet 192.168.5.0/24 cannot be handed out: 192.168.5.0/24 is not inside pool lab (10.20.0.0/16)",
    });
  });

  it('rolls the network scope back with everything else when a commit fails', async () => {
    const broken = localDoc();
    broken.nodes[2] = node('db', 'local-vm@1', { cores: 999 });
    await expect(resolve(broken, 'commit')).rejects.toThrow(/db: params.cores must be <= 64/);
    expect((await resolvers.ipam.listPools()).map((p) => p.name)).toEqual(['lab']);
    expect(await resolvers.ipam.listAllocations({ pool: 'lab' })).toEqual([]);
  });

  it("fills a Proxmox machine's and container's gateway from the network wired to its bridge", async () => {
    const document: TopologyDocument = {
      schemaVersion: 1,
      nodes: [node('net-1', 'proxmox-network@1'), node('vm', 'proxmox-vm@1'), node('ct', 'proxmox-lxc@1')],
      wires: [wire('net-1', 'bridge', 'vm', 'network_bridge'), wire('net-1', 'bridge', 'ct', 'network_bridge')],
    };
    await resolvers.ipam.reserve({ pool: 'lab' }, '10.20.0.9', 'by-hand');
    const plan = await resolve(document, 'preview', environmentOf('proxmox'));
    expect(plan.nodes.flatMap((n) => n.issues)).toEqual([]);
    expect(valuesOf(plan, 'net-1').cidr!.value).toBe('10.20.1.0/24');
    expect(valuesOf(plan, 'vm').ip_address).toMatchObject({ value: '10.20.1.2', detail: "ipam: next free in net-1's subnet 10.20.1.0/24" });
    expect(valuesOf(plan, 'vm').gateway).toEqual({
      value: '10.20.1.1',
      source: 'resolver',
      detail: "ipam: gateway of net-1's subnet 10.20.1.0/24",
    });
    expect(valuesOf(plan, 'ct').ip_address!.value).toBe('10.20.1.3');
    expect(valuesOf(plan, 'ct').gateway!.value).toBe('10.20.1.1');

    // A gateway typed by hand stays; a machine on no network gets the pool's gateway.
    const alone = await resolve(
      { schemaVersion: 1, nodes: [node('vm', 'proxmox-vm@1', { gateway: '10.20.0.254' }), node('vm2', 'proxmox-vm@1')], wires: [] },
      'preview',
      environmentOf('proxmox'),
    );
    expect(valuesOf(alone, 'vm').gateway).toEqual({ value: '10.20.0.254', source: 'user' });
    expect(valuesOf(alone, 'vm2').gateway).toEqual({ value: '10.20.0.1', source: 'resolver', detail: 'ipam: gateway of pool lab' });
  });
});

describe('zones from the landing zone', () => {
  it("puts a DNS record in the environment's domain unless the user names a zone", async () => {
    const plan = await resolve(localDoc(), 'preview');
    expect(valuesOf(plan, 'web').name!.detail).toContain('.lab.internal)');
    expect(valuesOf(plan, 'dns').zone).toEqual({ value: 'lab.internal', source: 'resolver', detail: 'naming: domain of landing zone lab' });

    const overridden = await resolve(
      localDoc(),
      'preview',
      environmentOf('local', { environment: { naming: { domain: 'dev.lab.internal' } } }),
    );
    expect(valuesOf(overridden, 'dns').zone).toEqual({
      value: 'dev.lab.internal',
      source: 'resolver',
      detail: 'naming: domain of environment dev',
    });

    const byHand = localDoc();
    byHand.nodes[3] = node('dns', 'local-dns@1', { zone: 'corp.example' });
    expect(valuesOf(await resolve(byHand, 'preview'), 'dns').zone).toEqual({ value: 'corp.example', source: 'user' });

    // No domain anywhere: the component's default stays.
    const bare = effectiveResolverConfig({ landingZone: { ipam: { pool: 'lab' } } });
    const noDomain = await resolve(localDoc(), 'preview', {
      name: 'dev',
      landingZone: 'lab',
      provider: 'local',
      config: bare.config,
      configSources: bare.sources,
    });
    expect(valuesOf(noDomain, 'dns').zone).toEqual({ value: 'nimbus.internal', source: 'default' });
  });
});

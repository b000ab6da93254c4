import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { NotFoundError } from '../errors.js';
import { GovernancePolicySchema } from '../governance/policy.js';
import { effectiveResolverConfig } from '../landing-zones/resolver-config.js';
import { resourcesDir } from '../paths.js';
import { ImageCatalog, loadImageCatalogFile } from '../resolvers/image-catalog/image-catalog.js';
import { IpamService } from '../resolvers/ipam/ipam-service.js';
import { NamingService } from '../resolvers/naming/naming-service.js';
import { SecretService } from '../resolvers/secret/secret-service.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import type { ComponentDefinition } from './component-definition.js';
import { resolversWithin, resolveTopology, type ResolverSet } from './resolve-topology.js';

const network: ComponentDefinition = {
  ref: 'local-network@1',
  name: 'local-network',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualNetwork',
  inputSchema: { type: 'object', properties: { name: { type: 'string' }, cidr: { type: 'string' } }, required: ['name', 'cidr'] },
  outputSchema: { type: 'object', properties: { network_id: { type: 'string' }, mtu: { type: 'integer' } } },
  bindings: { name: { resolver: 'naming' }, cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 } },
};
const vm: ComponentDefinition = {
  ref: 'local-vm@1',
  name: 'local-vm',
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
const catalog = new Map([network, vm].map((d) => [d.ref, d]));
const components = (ref: string) => {
  const found = catalog.get(ref);
  if (!found) throw new NotFoundError('Component version', ref);
  return found;
};

const doc = (overrides: Partial<TopologyDocument> = {}): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'network', component: 'local-network@1', position: { x: 0, y: 0 } },
    { id: 'web', label: 'web', component: 'local-vm@1', position: { x: 300, y: 0 }, params: { cores: 4 } },
    { id: 'db', label: 'db', component: 'local-vm@1', position: { x: 300, y: 200 } },
  ],
  wires: [
    { id: 'w1', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } },
    { id: 'w2', source: { node: 'net', port: 'network_id' }, target: { node: 'db', port: 'network_id' } },
  ],
  ...overrides,
});

let temp: ReturnType<typeof tempDir>;
let store: Store;
let resolvers: ResolverSet;
const environment = {
  name: 'dev',
  landingZone: 'lab',
  provider: 'local',
  config: effectiveResolverConfig({ landingZone: { ipam: { pool: 'lab' }, naming: { domain: 'dev.lab' } } }).config,
};

beforeEach(async () => {
  temp = tempDir();
  store = openStore(temp.dir);
  resolvers = {
    ipam: new IpamService(store.async),
    naming: new NamingService(store.async),
    images: new ImageCatalog(loadImageCatalogFile(path.join(resourcesDir(), 'catalog', 'images.yaml'))),
    secrets: new SecretService(store.async, 'ef'.repeat(32)),
  };
  await resolvers.ipam.createPool({ name: 'lab', cidr: '10.50.0.0/16' });
  await resolvers.ipam.createPool({ name: 'hosts', cidr: '10.60.0.0/24' });
});
afterEach(() => {
  store.close();
  temp.remove();
});

/** A preview of `document` in the test environment: resolved inside a rehearsal, reserving nothing. */
const preview = (document: TopologyDocument) =>
  resolveTopology({ document, environment, components, resolvers, mode: 'preview', rehearse: (work) => store.async.rehearse(work) });

/** A commit of `document` for `owner` in the test environment. */
const commit = (document: TopologyDocument, owner: string) =>
  resolveTopology({
    document,
    environment,
    components,
    resolvers,
    mode: 'commit',
    owner,
    rehearse: (work) => store.async.rehearse(work),
  });

describe('resolveTopology (preview)', () => {
  it('resolves every parameter with its source and plans parallel groups, reserving nothing', async () => {
    const result = await preview(doc());
    expect(result.valid).toBe(true);
    expect(result.groups).toEqual([['net'], ['web', 'db']]);
    const web = result.nodes.find((n) => n.nodeId === 'web')!;
    expect(web.values.cores).toEqual({ value: 4, source: 'user' });
    expect(web.values.name).toMatchObject({
      value: 'dev-virtualmachine-001',
      source: 'resolver',
      detail: expect.stringContaining('dev-virtualmachine-001.dev.lab'),
    });
    expect(web.values.ip_address).toMatchObject({ value: '10.60.0.2', source: 'resolver' });
    expect(web.values.image).toMatchObject({ value: 'local/debian-12', source: 'resolver' });
    expect(web.values.network_id).toMatchObject({
      source: 'wire',
      pending: true,
      detail: 'from network.network_id (known after it is deployed)',
    });
    expect(web.values.password).toMatchObject({ source: 'resolver', pending: true });
    const db = result.nodes.find((n) => n.nodeId === 'db')!;
    expect(db.values.cores).toEqual({ value: 2, source: 'default' });
    // Two nodes never preview the same address or name.
    expect(db.values.ip_address!.value).toBe('10.60.0.3');
    expect(db.values.name!.value).toBe('dev-virtualmachine-002');
    expect(result.nodes[0]!.values.cidr).toMatchObject({ value: '10.50.0.0/24', source: 'resolver' });
    expect(await resolvers.ipam.listAllocations({ pool: 'hosts' })).toEqual([]);
    expect(await resolvers.naming.list('env:dev')).toEqual([]);
    // And a commit afterwards gets exactly what the preview showed.
    const committed = await commit(doc(), 'deploy-0');
    expect(committed.nodes.map((n) => n.values.ip_address?.value)).toEqual(result.nodes.map((n) => n.values.ip_address?.value));
  });

  it('leaves no allocation, name or secret behind, also while a commit runs beside it', async () => {
    const [previewed, committed] = await Promise.all([
      preview(doc()),
      store.async.unitOfWork((tx) =>
        resolveTopology({
          document: doc(),
          environment,
          components,
          resolvers: resolversWithin(resolvers, tx),
          mode: 'commit',
          owner: 'deploy-1',
          rehearse: (work) => store.async.rehearse(work),
        }),
      ),
    ]);
    expect(previewed.valid && committed.valid).toBe(true);
    // Everything stored is the commit's; the preview's rehearsal was undone whole.
    const owners = [
      ...(await resolvers.ipam.listAllocations({ pool: 'hosts' })),
      ...(await resolvers.ipam.listAllocations({ pool: 'lab' })),
      ...(await resolvers.naming.list('env:dev')),
      ...(await resolvers.secrets.list('env:dev')),
    ].map((held) => held.owner);
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['deploy-1']));
    expect((await resolvers.ipam.listAllocations({ pool: 'hosts' })).map((a) => a.value).sort()).toEqual(['10.60.0.2', '10.60.0.3']);
  });

  it('reports validation problems per node without throwing', async () => {
    const broken = doc();
    broken.nodes[1] = { ...broken.nodes[1]!, params: { cores: 0, colour: 'red' } };
    broken.nodes.push({ id: 'x', label: 'mystery', component: 'local-cache@9', position: { x: 0, y: 0 } });
    const result = await preview(broken);
    expect(result.valid).toBe(false);
    const web = result.nodes.find((n) => n.nodeId === 'web')!;
    expect(web.issues).toEqual(
      expect.arrayContaining([
        { path: 'params.colour', message: 'local-vm@1 has no input "colour"' },
        { path: 'params.cores', message: 'must be >= 1' },
      ]),
    );
    expect(result.nodes.find((n) => n.nodeId === 'x')!.issues[0]!.message).toContain('"local-cache@9" does not exist');
  });

  it('type-checks wires and refuses a cycle naming its nodes', async () => {
    const mismatched = doc({ wires: [{ id: 'w1', source: { node: 'net', port: 'mtu' }, target: { node: 'web', port: 'image' } }] });
    const web = (await preview(mismatched)).nodes[1]!;
    expect(web.issues.map((i) => i.message)).toContain(
      'type mismatch: local-network@1 output mtu is integer, but local-vm@1 input image expects string',
    );
    const notAReference = doc({ wires: [{ id: 'w1', source: { node: 'net', port: 'mtu' }, target: { node: 'web', port: 'network_id' } }] });
    const web2 = (await preview(notAReference)).nodes[1]!;
    expect(web2.issues.map((i) => i.message)).toContain(
      'local-vm@1 input network_id takes a network reference (an output named …network_id); local-network@1 output mtu is not one',
    );
    const cyclic = doc();
    cyclic.nodes[0] = { ...cyclic.nodes[0]!, dependsOn: ['web'] };
    await expect(preview(cyclic)).rejects.toThrow(/cycle: network|cycle: net/);
  });

  it('names a missing required parameter and a missing pool', async () => {
    const noWire = doc({ wires: [] });
    const result = await resolveTopology({
      document: noWire,
      environment: { ...environment, config: effectiveResolverConfig({}).config },
      components,
      resolvers,
      mode: 'preview',
      rehearse: (work) => store.async.rehearse(work),
    });
    const net = result.nodes[0]!;
    expect(net.issues).toEqual(
      expect.arrayContaining([
        { path: 'params.cidr', message: expect.stringContaining('no IPAM pool is configured for environment dev') },
        { path: 'params.cidr', message: 'missing required parameter' },
      ]),
    );
    expect(result.nodes[1]!.issues).toContainEqual({ path: 'params.network_id', message: 'missing required parameter' });
  });
});

describe('mandatory components', () => {
  it('reports a topology without a component its environment template requires', async () => {
    const strict = { ...environment, mandatoryComponents: ['local-network', 'local-firewall'] };
    const result = await resolveTopology({
      document: doc(),
      environment: strict,
      components,
      resolvers,
      mode: 'preview',
      rehearse: (work) => store.async.rehearse(work),
    });
    expect(result.issues).toEqual([{ path: 'nodes', message: 'environment dev requires a local-firewall component in every topology' }]);
    expect(result.valid).toBe(false);
  });
});

describe('governance', () => {
  it('enforces allow/deny, parameter constraints and instance limits; a one-value enum fills the value', async () => {
    const policy = GovernancePolicySchema.parse({
      constraints: { 'local-vm': { cores: { maximum: 2 }, image: { enum: ['local/debian-12'] } } },
      maxInstances: { 'local-vm': 1 },
    });
    const result = await resolveTopology({
      document: doc(),
      environment,
      components,
      resolvers,
      mode: 'preview',
      rehearse: (work) => store.async.rehearse(work),
      governance: { tenant: 'acme', policy },
    });
    const [, web, db] = result.nodes;
    expect(web!.issues).toContainEqual({ path: 'params.cores', message: 'governance: must be <= 2 (tenant acme)' });
    expect(db!.issues).toContainEqual({ path: 'component', message: 'governance: tenant acme may use at most 1 local-vm per topology' });
    expect(result.valid).toBe(false);

    const denied = GovernancePolicySchema.parse({ deny: ['local-network'] });
    const second = await resolveTopology({
      document: doc(),
      environment,
      components,
      resolvers,
      mode: 'preview',
      rehearse: (work) => store.async.rehearse(work),
      governance: { tenant: 'acme', policy: denied },
    });
    expect(second.nodes[0]!.issues).toContainEqual({ path: 'component', message: 'governance: tenant acme may not use local-network' });

    const fixed = GovernancePolicySchema.parse({ constraints: { 'local-vm': { cores: { enum: [8] } } } });
    const third = await resolveTopology({
      document: doc(),
      environment,
      components,
      resolvers,
      mode: 'preview',
      rehearse: (work) => store.async.rehearse(work),
      governance: { tenant: 'acme', policy: fixed },
    });
    expect(third.nodes[2]!.values.cores).toEqual({ value: 8, source: 'constraint', detail: 'governance of tenant acme' });
    expect(third.nodes[1]!.issues).toContainEqual({ path: 'params.cores', message: 'governance: must be one of 8 (tenant acme)' });
  });
});

describe('resolveTopology (commit)', () => {
  it('allocates under the owner', async () => {
    const result = await commit(doc(), 'deploy-1');
    expect(result.valid).toBe(true);
    expect((await resolvers.ipam.listAllocations({ pool: 'hosts' })).map((a) => a.value)).toEqual(['10.60.0.2', '10.60.0.3']);
    expect((await resolvers.naming.list('env:dev')).map((n) => n.name)).toEqual([
      'dev-virtualmachine-001',
      'dev-virtualmachine-002',
      'dev-virtualnetwork-001',
    ]);
    const password = result.nodes[1]!.values.password!.value as string;
    expect(password).toMatch(/^secret:\/\//);
    expect(await resolvers.secrets.reveal(password)).toHaveLength(32);
  });

  it('rolls back every allocation as a unit when a node is invalid', async () => {
    const broken = doc();
    broken.nodes[2] = { ...broken.nodes[2]!, params: { cores: 99 } };
    await expect(commit(broken, 'deploy-2')).rejects.toThrow('The topology cannot be resolved: db: params.cores must be <= 64');
    expect(await resolvers.ipam.listAllocations({ pool: 'hosts' })).toEqual([]);
    expect(await resolvers.ipam.listAllocations({ pool: 'lab' })).toEqual([]);
    expect(await resolvers.naming.list('env:dev')).toEqual([]);
    expect(await resolvers.secrets.list('env:dev')).toEqual([]);
  });
});

describe('resolveTopology (re-deploying)', () => {
  it('allocates under each node’s own owner and keeps the values a deployed node already holds', async () => {
    const owner = (nodeId: string) => `deployment:${nodeId}`;
    const first = await resolveTopology({
      document: doc(),
      environment,
      components,
      resolvers,
      mode: 'commit',
      owner,
      rehearse: (work) => store.async.rehearse(work),
    });
    expect((await resolvers.ipam.listAllocations({ pool: 'hosts' })).map((a) => a.owner).sort()).toEqual([
      'deployment:db',
      'deployment:web',
    ]);
    const web = first.nodes.find((n) => n.nodeId === 'web')!;

    // The same topology again, web already deployed: its address, name and secret stay; db (a new deployment) gets new ones.
    const again = await resolveTopology({
      document: doc(),
      environment,
      components,
      resolvers,
      mode: 'commit',
      owner: (id) => (id === 'db' ? 'deployment:db-2' : owner(id)),
      previous: (id) => (id === 'web' ? web.values : undefined),
      rehearse: (work) => store.async.rehearse(work),
    });
    const webAgain = again.nodes.find((n) => n.nodeId === 'web')!;
    expect(webAgain.values.ip_address).toEqual(web.values.ip_address);
    expect(webAgain.values.name).toEqual(web.values.name);
    expect(webAgain.values.password).toEqual(web.values.password);
    expect(again.nodes.find((n) => n.nodeId === 'db')!.values.ip_address!.value).not.toBe(
      first.nodes.find((n) => n.nodeId === 'db')!.values.ip_address!.value,
    );
    expect((await resolvers.ipam.listAllocations({ pool: 'hosts' })).filter((a) => a.owner === 'deployment:web')).toHaveLength(1);
  });

  it('does not keep a value the user now sets by hand', async () => {
    const first = await commit(doc(), 'o');
    const web = first.nodes.find((n) => n.nodeId === 'web')!;
    const edited = doc();
    edited.nodes[1] = { ...edited.nodes[1]!, params: { cores: 4, ip_address: '10.60.0.200' } };
    const again = await resolveTopology({
      document: edited,
      environment,
      components,
      resolvers,
      mode: 'preview',
      previous: (id) => (id === 'web' ? web.values : undefined),
      rehearse: (work) => store.async.rehearse(work),
    });
    expect(again.nodes.find((n) => n.nodeId === 'web')!.values.ip_address).toEqual({ value: '10.60.0.200', source: 'user' });
  });
});

describe('wire rules', () => {
  it('keeps references to their kind and formats to their format, as the planner does', async () => {
    const { wireProblem } = await import('./resolve-topology.js');
    const { referenceOf } = await import('../common/wire-compatibility.js');
    expect(referenceOf('primary_network_id')).toBe('network');
    expect(referenceOf('id')).toBeNull();
    const source = {
      ...network,
      outputSchema: {
        type: 'object',
        properties: {
          network_id: { type: 'string' },
          gateway: { type: 'string', format: 'ipv4' },
          label: { type: 'string', format: 'hostname' },
        },
      },
    };
    expect(wireProblem(source, 'network_id', vm, 'network_id')).toBeNull();
    expect(wireProblem(source, 'network_id', vm, 'name')).toContain('takes no reference');
    expect(wireProblem(source, 'gateway', vm, 'network_id')).toContain('takes a network reference');
    expect(wireProblem(source, 'gateway', vm, 'ip_address')).toBeNull();
    expect(wireProblem(source, 'label', vm, 'ip_address')).toContain('format mismatch');
  });
});

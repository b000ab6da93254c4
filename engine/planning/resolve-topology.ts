import type { TopologyDocument, TopologyNode } from '../api/schemas/topology.js';
import type { ResolverBinding } from '../components/bindings.js';
import { compileValidator, propertyTypes, type JsonSchema } from '../components/json-schema.js';
import { NimbusError, type FieldIssue } from '../errors.js';
import { applyGovernance, type GovernancePolicy } from '../governance/policy.js';
import type { ConfigSource, EffectiveResolverConfig } from '../landing-zones/resolver-config.js';
import type { ImageCatalog } from '../resolvers/image-catalog/image-catalog.js';
import { contains, parseAddress, parseCidr } from '../resolvers/ipam/cidr.js';
import type { IpamPool, IpamService } from '../resolvers/ipam/ipam-service.js';
import type { NamingService } from '../resolvers/naming/naming-service.js';
import type { SecretService } from '../resolvers/secret/secret-service.js';
import type { ComponentDefinition, ComponentLookup } from './component-definition.js';
import { planGroups, type Dependency } from './plan-groups.js';
import type { ResolvedValue } from './resolved-value.js';
import type { Repositories } from '../store/ports/repositories.js';
import { excerpt } from '../text/excerpt.js';
import { canonicalJson } from '../files/canonical-json.js';
import { declaredFormat, referenceOf, wireMismatch } from '../common/wire-compatibility.js';
// Bare metal.
import { capacityValue, requirementsOf, type CapacityResolver } from '../baremetal/capacity-resolver.js';
import type { Placement } from '../baremetal/placement.js';
import type { BareMetalService } from '../baremetal/registry-service.js';

/** The owner recorded on allocations: a fixed name, or one derived from the node. */
export type AllocationOwner = string | ((nodeId: string) => string);

/** `preview` reserves nothing; `commit` allocates and is rolled back as a unit when anything fails. */
export type ResolutionMode = 'preview' | 'commit';

export interface ResolutionEnvironment {
  name: string;
  landingZone: string;
  provider: string;
  config: EffectiveResolverConfig;
  /** Which layer (environment, template, landing zone, default) supplied each `resolver.field` of `config`. */
  configSources?: Record<string, ConfigSource>;
  /** Component names every topology in this environment must contain (from its template). */
  mandatoryComponents?: string[];
}

export interface ResolverSet {
  ipam: IpamService;
  naming: NamingService;
  images: ImageCatalog;
  secrets: SecretService;
  /** Bare-metal placement on registered machines (absent where no registry is kept). */
  capacity?: BareMetalService;
}

/**
 * What resolution asks of the resolvers: the services themselves, or stand-ins that answer the same
 * questions from elsewhere (a desktop planning offline draws addresses and names from its lease).
 */
export interface PlanningResolvers {
  ipam: Pick<IpamService, 'allocate' | 'getPool' | 'networkScope' | 'releaseHeld' | 'releaseOwner'>;
  naming: Pick<NamingService, 'issue' | 'releaseOwner'>;
  images: Pick<ImageCatalog, 'resolve'>;
  secrets: Pick<SecretService, 'generate' | 'releaseOwner'>;
  /** Bare-metal placement; planning without it refuses capacity-bound inputs. */
  capacity?: CapacityResolver;
}

/**
 * How a preview undoes what it allocated: resolvers over the store are rehearsed in a unit of work
 * whose writes are rolled back; resolvers that write nothing (a lease drawn offline, whose draws the
 * caller records) need no rehearsal.
 */
export type PreviewRehearsal =
  | {
      resolvers: ResolverSet;
      /** Runs work in a unit of work and undoes its writes (StorePort.rehearse); preview uses it to reserve nothing. */
      rehearse: <T>(work: (tx: Repositories) => Promise<T>) => Promise<T>;
    }
  | { resolvers: PlanningResolvers; rehearse?: undefined };

/** The resolvers working inside an open unit of work: what they allocate commits or rolls back with it. */
export function resolversWithin(resolvers: ResolverSet, tx: Repositories): ResolverSet {
  return {
    ipam: resolvers.ipam.within(tx),
    naming: resolvers.naming.within(tx),
    images: resolvers.images,
    secrets: resolvers.secrets.within(tx),
    ...(resolvers.capacity ? { capacity: resolvers.capacity.within(tx) } : {}),
  };
}

export interface NodeResolution {
  nodeId: string;
  label: string;
  component: string;
  status: 'valid' | 'invalid';
  values: Record<string, ResolvedValue>;
  issues: FieldIssue[];
}

export interface TopologyResolution {
  mode: ResolutionMode;
  environment: string;
  /** Node ids in parallel deployment groups. */
  groups: string[][];
  nodes: NodeResolution[];
  /** Problems of the topology as a whole, such as a missing mandatory component. */
  issues: FieldIssue[];
  valid: boolean;
}

/** Commit-mode resolution found problems; everything it had allocated was released. */
export class ResolutionError extends NimbusError {
  override name = 'ResolutionError';
}

/**
 * Inputs of nodes whose values are computed when the node is about to deploy, from its upstream
 * nodes' outputs (a stack slot's transform expressions). Until then they are pending, like wires.
 */
export interface LateInputs {
  /** The late inputs of a node, each with where its value will come from. */
  of(nodeId: string): Record<string, string>;
  /** Their values, once every upstream node is deployed (`outputsOf` gives a node's outputs). */
  evaluate(nodeId: string, outputsOf: (nodeId: string) => Record<string, unknown> | undefined): Record<string, unknown>;
}

/** Dependencies of a topology: every wire (source before target) and every `dependsOn`. */
export function topologyDependencies(document: TopologyDocument): Dependency[] {
  return [
    ...document.wires.map((wire) => ({ from: wire.source.node, to: wire.target.node })),
    ...document.nodes.flatMap((node) => (node.dependsOn ?? []).map((from) => ({ from, to: node.id }))),
  ];
}

/**
 * Pre-resolution: makes every parameter of every node concrete — schema defaults, then the user's
 * values, then wired upstream outputs (pending until deploy), then resolver outputs — and validates
 * the result against the component's input schema. Each value records its source.
 *
 * In `commit` mode resolvers allocate under `owner`; if any node is invalid, all of it is released
 * and a {@link ResolutionError} is thrown, so a failed commit leaves nothing allocated. Callers that
 * record more with the resolution pass resolvers bound to their unit of work (see
 * {@link resolversWithin}), so all of it commits or rolls back together. `preview` runs the same
 * steps inside a rehearsal whose writes are undone, with the resolvers bound to it.
 */
export async function resolveTopology(
  input: {
    document: TopologyDocument;
    environment: ResolutionEnvironment;
    components: ComponentLookup;
    mode: ResolutionMode;
    /**
     * Who allocations belong to: one owner for the whole topology, or one per node (its deployment).
     * A preview allocates under `preview` unless an owner is given (resolvers that draw per node).
     */
    owner?: AllocationOwner;
    /**
     * Values a node was deployed with: a resolver-bound input keeps its earlier value instead of
     * allocating again, so re-deploying an unchanged node changes nothing.
     */
    previous?: (nodeId: string) => Record<string, ResolvedValue> | undefined;
    /** The tenant's governance, enforced after resolution. */
    governance?: { tenant: string; policy: GovernancePolicy };
    /** Inputs computed at deploy time from upstream outputs (a stack's transforms): pending like wires. */
    late?: LateInputs;
  } & PreviewRehearsal,
): Promise<TopologyResolution> {
  if (input.mode === 'preview') {
    // A preview is a commit that is rolled back: values are exactly what a commit would allocate
    // (two nodes never preview the same address), and nothing stays reserved.
    const owner = input.owner ?? 'preview';
    const resolution = input.rehearse
      ? await input.rehearse((tx) => resolveCommitted({ ...input, resolvers: resolversWithin(input.resolvers, tx), owner }, 'preview'))
      : await resolveCommitted({ ...input, owner }, 'preview');
    return { ...resolution, mode: 'preview' };
  }
  return resolveCommitted(input, 'commit');
}

async function resolveCommitted(
  input: {
    document: TopologyDocument;
    environment: ResolutionEnvironment;
    components: ComponentLookup;
    resolvers: PlanningResolvers;
    owner?: AllocationOwner;
    previous?: (nodeId: string) => Record<string, ResolvedValue> | undefined;
    governance?: { tenant: string; policy: GovernancePolicy };
    late?: LateInputs;
  },
  mode: ResolutionMode,
): Promise<TopologyResolution> {
  const { document, environment, resolvers } = input;
  const ownerOption = input.owner ?? 'preview';
  const ownerOf = typeof ownerOption === 'string' ? () => ownerOption : ownerOption;
  const owners = () => [...new Set(document.nodes.map((node) => ownerOf(node.id)))];
  const groups = planGroups(
    document.nodes.map((node) => node.id),
    topologyDependencies(document),
  );
  const nodesById = new Map(document.nodes.map((node) => [node.id, node]));
  const definitions = new Map<string, ComponentDefinition | NimbusError>();
  for (const node of document.nodes) {
    try {
      definitions.set(node.id, input.components(node.component));
    } catch (error) {
      definitions.set(node.id, error instanceof NimbusError ? error : new NimbusError('component_unknown', String(error)));
    }
  }

  const results = new Map<string, NodeResolution>();
  try {
    for (const group of groups) {
      for (const nodeId of group) {
        const node = nodesById.get(nodeId)!;
        const network = networkOf(node, document, definitions, results);
        const scope: NodeScope = {
          owner: ownerOf(nodeId),
          ...(network ? { network: { ...network, owner: ownerOf(network.nodeId) } } : {}),
        };
        results.set(
          nodeId,
          await resolveNode(
            node,
            definitions,
            document,
            environment,
            resolvers,
            mode,
            scope,
            input.previous?.(nodeId),
            input.late?.of(nodeId) ?? {},
          ),
        );
      }
    }
  } catch (error) {
    if (mode === 'commit') await releaseAll(resolvers, owners());
    throw error;
  }

  const nodes = document.nodes.map((node) => results.get(node.id)!);
  if (input.governance) {
    applyGovernance(
      input.governance.tenant,
      input.governance.policy,
      nodes.flatMap((node) => {
        const definition = definitions.get(node.nodeId);
        return definition instanceof NimbusError || !definition ? [] : [{ ...node, componentName: definition.name }];
      }),
    );
    for (const node of nodes) node.status = node.issues.length === 0 ? 'valid' : 'invalid';
  }
  const issues = missingMandatory(environment, [...definitions.values()]);
  const valid = issues.length === 0 && nodes.every((node) => node.status === 'valid');
  if (mode === 'commit' && !valid) {
    await releaseAll(resolvers, owners());
    const problems = [
      ...issues.map((issue) => issue.message),
      ...nodes.flatMap((node) => node.issues.map((issue) => `${node.label}: ${issue.path ? `${issue.path} ` : ''}${issue.message}`)),
    ];
    throw new ResolutionError(
      'resolution_failed',
      `The topology cannot be resolved: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      {
        nodes: nodes.filter((node) => node.status === 'invalid'),
      },
    );
  }
  return { mode, environment: environment.name, groups, nodes, issues, valid };
}

function missingMandatory(environment: ResolutionEnvironment, definitions: (ComponentDefinition | NimbusError)[]): FieldIssue[] {
  const present = new Set(definitions.flatMap((definition) => (definition instanceof NimbusError ? [] : [definition.name])));
  return (environment.mandatoryComponents ?? [])
    .filter((name) => !present.has(name))
    .map((name) => ({ path: 'nodes', message: `environment ${environment.name} requires a ${name} component in every topology` }));
}

/** Releases every address, name and secret held by `owners` (a failed commit, a destroyed deployment). */
export async function releaseAll(resolvers: PlanningResolvers, owners: readonly string[]): Promise<void> {
  for (const owner of owners) {
    await resolvers.ipam.releaseOwner(owner);
    await resolvers.naming.releaseOwner(owner);
    await resolvers.secrets.releaseOwner(owner);
    await resolvers.capacity?.releaseOwner(owner);
  }
}

/** Semantic types whose nodes carry a subnet that the nodes wired to them take their addresses from. */
const NETWORK_TYPES: ReadonlySet<string> = new Set(['VirtualNetwork', 'Subnet']);

/** The network a node is wired to, with the subnet it resolved to (null while that is not known). */
interface WiredNetwork {
  nodeId: string;
  label: string;
  cidr: string | null;
}

/** Who a node's allocations belong to, and the network it draws its addresses from. */
interface NodeScope {
  owner: string;
  network?: WiredNetwork & { owner: string };
}

/**
 * The network a node's input is wired to: an upstream node of a network semantic type (a
 * `…network_id` reference, or a Proxmox bridge). A wire into a network reference wins when there are
 * several. Its subnet is the upstream's IPAM-bound subnet input (or its `cidr`) as resolved so far.
 */
function networkOf(
  node: TopologyNode,
  document: TopologyDocument,
  definitions: Map<string, ComponentDefinition | NimbusError>,
  results: Map<string, NodeResolution>,
): WiredNetwork | null {
  const candidates = document.wires.filter((wire) => {
    if (wire.target.node !== node.id) return false;
    const upstream = definitions.get(wire.source.node);
    return upstream !== undefined && !(upstream instanceof NimbusError) && NETWORK_TYPES.has(upstream.semanticType);
  });
  const wire = candidates.find((w) => referenceOf(w.target.port) === 'network') ?? candidates[0];
  if (!wire) return null;
  const upstream = definitions.get(wire.source.node) as ComponentDefinition;
  const resolved = results.get(wire.source.node);
  const subnetInput =
    Object.entries(upstream.bindings).find(([, binding]) => binding.resolver === 'ipam' && binding.allocate === 'subnet')?.[0] ?? 'cidr';
  const value = resolved?.values[subnetInput];
  const label = document.nodes.find((n) => n.id === wire.source.node)?.label ?? wire.source.node;
  return { nodeId: wire.source.node, label, cidr: value && !value.pending && typeof value.value === 'string' ? value.value : null };
}

async function resolveNode(
  node: TopologyNode,
  definitions: Map<string, ComponentDefinition | NimbusError>,
  document: TopologyDocument,
  environment: ResolutionEnvironment,
  resolvers: PlanningResolvers,
  mode: ResolutionMode,
  scope: NodeScope,
  previous: Record<string, ResolvedValue> | undefined,
  late: Record<string, string>,
): Promise<NodeResolution> {
  const definition = definitions.get(node.id)!;
  const base = { nodeId: node.id, label: node.label, component: node.component };
  if (definition instanceof NimbusError) {
    return { ...base, status: 'invalid', values: {}, issues: [{ path: 'component', message: definition.message }] };
  }
  const issues: FieldIssue[] = [];
  const values: Record<string, ResolvedValue> = {};
  const properties = (definition.inputSchema.properties ?? {}) as Record<string, JsonSchema>;

  if (definition.provider !== environment.provider) {
    issues.push({
      path: 'component',
      message: `${definition.ref} is a ${definition.provider} component; environment ${environment.name} deploys to ${environment.provider}`,
    });
  }

  // 1. Schema defaults.
  for (const [key, property] of Object.entries(properties)) {
    if (property.default !== undefined) values[key] = { value: structuredClone(property.default), source: 'default' };
  }
  // 2. The user's values.
  for (const [key, value] of Object.entries(node.params ?? {})) {
    if (!(key in properties)) issues.push({ path: `params.${key}`, message: `${definition.ref} has no input ${excerpt(key)}` });
    values[key] = { value, source: 'user' };
  }
  // 3. Wired upstream outputs: known only after the upstream node is deployed.
  document.wires
    .filter((wire) => wire.target.node === node.id)
    .forEach((wire) => {
      const upstream = definitions.get(wire.source.node);
      const source = document.nodes.find((n) => n.id === wire.source.node)!;
      const from = `${source.label}.${wire.source.port}`;
      const problem = wireProblem(upstream, wire.source.port, definition, wire.target.port);
      if (problem) issues.push({ path: `wires.${wire.id}`, message: problem });
      if (values[wire.target.port]?.source === 'user') {
        issues.push({ path: `params.${wire.target.port}`, message: `is both set by hand and wired from ${from}` });
      }
      values[wire.target.port] = { value: null, source: 'wire', pending: true, detail: `from ${from} (known after it is deployed)` };
    });
  // 3b. Late inputs (transforms of upstream outputs): known only when the node is about to deploy.
  for (const [key, detail] of Object.entries(late)) {
    if (!(key in properties)) issues.push({ path: `params.${key}`, message: `${definition.ref} has no input ${excerpt(key)}` });
    values[key] = { value: null, source: 'wire', pending: true, detail };
  }
  // 3c. Values accepted from drift: kept over defaults, and over the user's value while the topology
  // still asks for what the accepted value replaced (a new value in the topology wins). Never over a wire.
  for (const [key, kept] of Object.entries(previous ?? {})) {
    if (kept.source !== 'drift-accepted' || !(key in properties)) continue;
    const current = values[key];
    if (current?.source === 'wire') continue;
    if (current?.source === 'user' && canonicalJson(current.value) !== canonicalJson(kept.replaced)) continue;
    values[key] = kept;
  }
  // 4. Resolver outputs, for bound inputs that nothing else provided.
  // A node's capacity-bound inputs share one placement, made from its requirements (the values so far).
  let placement: Promise<Placement> | undefined;
  const placeNode = (): Promise<Placement> => {
    if (!resolvers.capacity) {
      return Promise.reject(
        new NimbusError(
          'capacity_unavailable',
          'bare-metal machines are placed by an engine that keeps the registry; connect to it to plan',
          {},
        ),
      );
    }
    const capacity = resolvers.capacity;
    return (placement ??= Promise.resolve().then(() => capacity.place(requirementsOf(values), { owner: scope.owner, node: node.label })));
  };
  for (const [key, binding] of Object.entries(definition.bindings)) {
    const current = values[key];
    if (current && current.source !== 'default') continue;
    const kept = previous?.[key];
    if (kept && kept.source === 'resolver' && !kept.pending) {
      if (!outsideNetwork(binding, kept, scope)) {
        // Kept as it was, provenance included: the allocation still belongs to the deployment.
        values[key] = kept;
        continue;
      }
      // The network now has another subnet: a new address in it, and the old one given back.
      if (mode === 'commit' && binding.resolver === 'ipam' && binding.allocate === 'address')
        await resolvers.ipam.releaseHeld(scope.owner, String(kept.value));
    }
    try {
      const resolved = await runResolver(binding, definition, `${node.id}.${key}`, environment, resolvers, mode, scope, placeNode);
      if (resolved) values[key] = resolved;
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      issues.push({ path: `params.${key}`, message: error.message });
    }
  }
  // 5. Validation of the concrete values; pending ones are checked when they become known.
  const concrete = Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => !v.pending)
      .map(([key, v]) => [key, v.value]),
  );
  const pending = new Set(
    Object.entries(values)
      .filter(([, v]) => v.pending)
      .map(([key]) => key),
  );
  for (const issue of compileValidator(definition.inputSchema)(concrete)) {
    if (issue.missing !== undefined) {
      const parent = issue.path === '/' ? '' : issue.path.replaceAll('/', '.');
      if (!(parent === '' && pending.has(issue.missing)))
        issues.push({ path: `params${parent}.${issue.missing}`, message: 'missing required parameter' });
      continue;
    }
    issues.push({ path: `params${issue.path.replaceAll('/', '.')}`.replace(/\.$/, ''), message: issue.message });
  }
  return { ...base, status: issues.length === 0 ? 'valid' : 'invalid', values, issues };
}

/**
 * Why a wire between these ports cannot carry a value, or null when it fits: both ports must exist,
 * then the common wire rule (engine/common/wire-compatibility.ts) decides, the one the planner applies.
 */
export function wireProblem(
  upstream: ComponentDefinition | NimbusError | undefined,
  output: string,
  target: ComponentDefinition,
  input: string,
): string | null {
  if (!upstream || upstream instanceof NimbusError) return null; // The upstream node reports its own problem.
  const produced = propertyTypes(upstream.outputSchema, output);
  if (produced === null) return `${upstream.ref} has no output ${excerpt(output)}`;
  const expected = propertyTypes(target.inputSchema, input);
  if (expected === null) return `${target.ref} has no input ${excerpt(input)}`;
  const property = (schema: JsonSchema, name: string): unknown => ((schema.properties ?? {}) as Record<string, unknown>)[name];
  return wireMismatch(
    {
      label: `${upstream.ref} output ${output}`,
      types: produced,
      format: declaredFormat(property(upstream.outputSchema, output)),
      reference: referenceOf(output),
    },
    {
      label: `${target.ref} input ${input}`,
      types: expected,
      format: declaredFormat(property(target.inputSchema, input)),
      reference: referenceOf(input),
    },
  );
}

/**
 * One resolver binding's value, or null when the resolver has nothing to say and the input keeps its
 * default (a DNS zone where no domain is configured).
 */
async function runResolver(
  binding: ResolverBinding,
  definition: ComponentDefinition,
  slot: string,
  environment: ResolutionEnvironment,
  resolvers: PlanningResolvers,
  mode: ResolutionMode,
  scope: NodeScope,
  placeNode: () => Promise<Placement>,
): Promise<ResolvedValue | null> {
  const { config } = environment;
  const { owner } = scope;
  switch (binding.resolver) {
    case 'ipam': {
      const pool = binding.pool ?? config.ipam.pool;
      // A pool named by the binding is the component author's choice; otherwise a wired network's
      // subnet replaces the environment's pool.
      if (binding.allocate !== 'subnet' && scope.network && !binding.pool) {
        const { network } = scope;
        const inSubnet = network.cidr ? ` ${network.cidr}` : '';
        const drawFrom = await networkScope(network, config.ipam.pool, resolvers, environment);
        if (binding.allocate === 'gateway') {
          if (!drawFrom.gateway)
            throw new NimbusError('ipam_no_gateway', `${network.label}'s subnet${inSubnet} is too small to have a gateway`, {
              network: network.label,
            });
          return { value: drawFrom.gateway, source: 'resolver', detail: `ipam: gateway of ${network.label}'s subnet${inSubnet}` };
        }
        const value = (await resolvers.ipam.allocate({ pool: drawFrom.id }, { kind: 'address' }, owner)).value;
        return {
          value,
          source: 'resolver',
          detail: `ipam: ${mode === 'commit' ? 'allocated in' : 'next free in'} ${network.label}'s subnet${inSubnet}`,
        };
      }
      if (!pool) {
        throw new NimbusError(
          'ipam_no_pool',
          `no IPAM pool is configured for environment ${environment.name}: set ipam.pool on its landing zone or on the environment`,
          {},
        );
      }
      if (binding.allocate === 'gateway') {
        const gateway = (await resolvers.ipam.getPool({ pool })).gateway;
        if (!gateway) throw new NimbusError('ipam_no_gateway', `pool ${pool} has no gateway`, { pool });
        return { value: gateway, source: 'resolver', detail: `ipam: gateway of pool ${pool}` };
      }
      const request = binding.allocate === 'subnet' ? { kind: 'subnet' as const, prefix: binding.prefix! } : { kind: 'address' as const };
      const value = (await resolvers.ipam.allocate({ pool }, request, owner)).value;
      return { value, source: 'resolver', detail: `ipam: ${mode === 'commit' ? 'allocated from' : 'next free in'} pool ${pool}` };
    }
    case 'naming': {
      if (binding.output === 'domain') {
        const domain = config.naming.domain;
        if (!domain) return null;
        return { value: domain, source: 'resolver', detail: `naming: domain of ${configLayer(environment, 'naming.domain')}` };
      }
      const pattern = binding.pattern ?? config.naming.pattern;
      const request = {
        pattern,
        context: {
          env: environment.name,
          type: definition.semanticType,
          provider: definition.provider,
          zone: environment.landingZone,
          component: definition.name,
        },
        scope: config.naming.scope === 'global' ? 'global' : `env:${environment.name}`,
        ...(config.naming.domain ? { domain: config.naming.domain } : {}),
      };
      const issued = await resolvers.naming.issue(request, owner);
      return { value: issued.name, source: 'resolver', detail: `naming: ${pattern}${issued.fqdn ? ` (${issued.fqdn})` : ''}` };
    }
    case 'image_catalog': {
      const image = resolvers.images.resolve({
        provider: definition.provider,
        osFamily: binding.osFamily,
        osVersion: binding.osVersion,
        arch: binding.arch ?? config.image_catalog.defaultArch,
        ...(binding.kind ? { kind: binding.kind } : {}),
      });
      return { value: image.imageId, source: 'resolver', detail: `image_catalog: ${image.name}` };
    }
    case 'secret': {
      if (mode === 'preview')
        return { value: null, source: 'resolver', pending: true, detail: 'secret: a new secret is generated on deploy' };
      const secret = await resolvers.secrets.generate({
        scope: `env:${environment.name}`,
        name: `${owner}/${slot}`,
        length: binding.length ?? config.secret.length,
        owner,
      });
      return { value: secret.reference, source: 'resolver', detail: 'secret: generated, stored encrypted' };
    }
    // Bare metal: a registered machine meeting the node's requirements, reserved under its owner.
    case 'capacity':
      return capacityValue(await placeNode(), binding.output);
  }
}

/** The IPAM scope of a wired network's subnet (see IpamService.networkScope), with a message naming the network when there is none. */
async function networkScope(
  network: WiredNetwork & { owner: string },
  pool: string | undefined,
  resolvers: PlanningResolvers,
  environment: ResolutionEnvironment,
): Promise<IpamPool> {
  if (!network.cidr) {
    throw new NimbusError(
      'ipam_network_unresolved',
      `${network.label}'s subnet is not known yet, so no address can be taken from it: give ${network.label} a cidr (or let IPAM choose it)`,
      { network: network.label },
    );
  }
  try {
    return await resolvers.ipam.networkScope({
      cidr: network.cidr,
      owner: network.owner,
      name: `${environment.name}/${network.label}`,
      ...(pool ? { within: { pool } } : {}),
    });
  } catch (error) {
    if (!(error instanceof NimbusError)) throw error;
    throw new NimbusError(error.code, `addresses of ${network.label}'s subnet ${network.cidr} cannot be handed out: ${error.message}`, {
      ...error.details,
      network: network.label,
    });
  }
}

/** Whether a kept address or gateway lies outside the subnet of the network the node is wired to now. */
function outsideNetwork(binding: ResolverBinding, kept: ResolvedValue, scope: NodeScope): boolean {
  const cidr = scope.network?.cidr;
  if (binding.resolver !== 'ipam' || binding.allocate === 'subnet' || binding.pool || !cidr || typeof kept.value !== 'string') return false;
  try {
    const subnet = parseCidr(cidr);
    const address = parseAddress(kept.value);
    return !contains(subnet, { family: address.family, start: address.value, prefix: address.family === 4 ? 32 : 128 });
  } catch {
    // A kept value or network that does not parse is not "outside": resolution validates both and names the problem.
    return false;
  }
}

/** Names the layer a resolver setting came from: `landing zone lab`, `environment dev`. */
function configLayer(environment: ResolutionEnvironment, field: string): string {
  switch (environment.configSources?.[field]) {
    case 'environment':
      return `environment ${environment.name}`;
    case 'template':
      return `the template of environment ${environment.name}`;
    case 'landing_zone':
      return `landing zone ${environment.landingZone}`;
    default:
      return `environment ${environment.name}`;
  }
}

import { randomUUID } from 'node:crypto';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { parseComponentRef, type Viewer } from '../components/component-service.js';
import type { ResolverBindings } from '../components/bindings.js';
import type { JsonSchema } from '../components/json-schema.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { GovernancePolicy } from '../governance/policy.js';
import type { EffectiveResolverConfig, ConfigSource } from '../landing-zones/resolver-config.js';
import type { ComponentDefinition } from '../planning/component-definition.js';
import { resolveTopology, type TopologyResolution } from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { ImageCatalog } from '../resolvers/image-catalog/image-catalog.js';
import type { IpamPool } from '../resolvers/ipam/ipam-service.js';
import { loadCatalogSnapshot } from '../stacks/catalog-snapshot.js';
import type { LeaseDraw, LeaseDrawPort } from '../store/ports/sync-records.js';
import { CONNECT_TO_PLAN, drawKey, LeaseDrawing, type DrawnValue } from './lease-drawing.js';
import { nodeOwner, UNSAVED_TOPOLOGY } from './draw-owner.js';
import { drawsOfGoneNodes, releaseGoneDraws } from './draw-release.js';
import type { OfflineSource } from './offline-source.js';

/** What `planTopology` is asked: a saved topology's id, or a document, and the environment. */
export interface OfflinePlanRequest {
  id?: string | undefined;
  document?: TopologyDocument | undefined;
  environment: string;
}

/** The server and tenant a desktop plans for (its session's). */
export interface PlanningSession {
  url: string;
  user: string;
  tenant: string;
}

export { nodeOwner, UNSAVED_TOPOLOGY } from './draw-owner.js';

const PROVISIONAL_NOTE = 'provisional until the server confirms it';

/**
 * `planTopology` answered on a desktop that cannot reach its server: the environment, component
 * versions and governance as the server last answered them (an {@link OfflineSource}), and addresses
 * and names drawn from this desktop's leases. A node input keeps its draw across plans; one value is
 * never drawn twice; each drawn value is `provisional` until the server confirms it on sync. Images
 * come from the catalog as online, secrets stay pending as online.
 */
export class OfflinePlanner {
  /** Plans one at a time, so two plans never draw the same value. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      source: OfflineSource;
      draws: LeaseDrawPort;
      images: Pick<ImageCatalog, 'resolve'>;
      /** This desktop's id on the server (its leases are listed by it). */
      client: string;
      now?: () => Date;
    },
  ) {}

  /** The plan, or a NimbusError saying what this desktop lacks to make it. */
  plan(session: PlanningSession, request: OfflinePlanRequest): Promise<TopologyResolution> {
    const run = this.queue.then(
      () => this.planNow(session, request),
      () => this.planNow(session, request),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async planNow(session: PlanningSession, request: OfflinePlanRequest): Promise<TopologyResolution> {
    const { source, draws } = this.options;
    const now = this.options.now?.() ?? new Date();
    const document = await this.documentOf(request);
    const topology = request.id ?? UNSAVED_TOPOLOGY;
    const environments = await source.answer('listEnvironments', {});
    if (!environments)
      throw new NimbusError(
        'offline_unavailable',
        `the environments of ${session.url} are not kept on this desktop: connect to the server to plan`,
        {
          environment: request.environment,
        },
      );
    const environment = environments.find((candidate) => candidate.name === request.environment);
    if (!environment) throw new NotFoundError('Environment', request.environment);

    const viewer: Viewer = { tenant: session.tenant, actor: session.user };
    const catalog = await loadCatalogSnapshot(
      {
        components: { lookup: (_viewer, ref) => this.component(ref) },
        stacks: {
          checkedVersion: (_viewer, name) =>
            Promise.reject(
              new NimbusError('offline_unavailable', `stack ${name} is expanded by the server: ${CONNECT_TO_PLAN}`, { stack: name }),
            ),
        },
        viewer,
      },
      document,
    );
    const policy = await source.answer('getGovernancePolicy', {});
    const leases = ((await source.answer('listLeases', { client: this.options.client, live: true })) ?? []).filter(
      (lease) => lease.environment === environment.name,
    );
    const pools = (await source.answer('listIpamPools', {})) as IpamPool[] | undefined;

    const all = await draws.list({ serverUrl: session.url, serverTenant: session.tenant });
    // A node deleted since its last plan gives back what it drew and not confirmed yet (confirmed values wait until online).
    const gone = new Set(
      drawsOfGoneNodes(all, topology, new Set(document.nodes.map((node) => node.id)))
        .filter((draw) => draw.status === 'provisional')
        .map((draw) => draw.id),
    );
    if (gone.size > 0)
      await releaseGoneDraws(
        draws,
        all.filter((draw) => gone.has(draw.id)),
      );
    const drawn = all.filter((draw) => draw.environment === environment.name && !gone.has(draw.id));
    // A value drawn once is never drawn again from its lease: not while a node holds it, nor after the server refused it.
    const taken = new Set(drawn.map((draw) => drawKey(draw.lease, draw.kind, draw.pool, draw.value)));
    const kept = drawn.filter((draw) => draw.status !== 'refused');
    const held = new Map<string, Record<string, ResolvedValue>>();
    for (const draw of kept.filter((each) => each.topology === topology)) {
      const values = held.get(draw.node) ?? {};
      values[draw.field] = keptValue(draw);
      held.set(draw.node, values);
    }
    const drawing = new LeaseDrawing(environment.name, leases, taken, this.options.images, pools, now);
    const owners = new Map(document.nodes.map((node) => [nodeOwner(topology, node.id), node]));
    const resolution = await resolveTopology({
      document,
      environment: {
        name: environment.name,
        landingZone: environment.landingZone,
        provider: environment.provider,
        config: environment.effective.config as EffectiveResolverConfig,
        configSources: environment.effective.sources as Record<string, ConfigSource>,
        mandatoryComponents: environment.mandatoryComponents,
      },
      components: catalog.lookup,
      resolvers: drawing,
      mode: 'preview',
      owner: (nodeId) => nodeOwner(topology, nodeId),
      previous: (nodeId) => held.get(nodeId),
      ...(policy ? { governance: { tenant: session.tenant, policy: policy as GovernancePolicy } } : {}),
    });
    if (!policy) {
      resolution.issues.push({
        path: 'governance',
        message: `the governance policy of ${session.tenant} is not kept on this desktop: connect to the server to check this plan against it`,
      });
      resolution.valid = false;
    }

    const recorded: LeaseDraw[] = [];
    for (const drawn of drawing.drawn) {
      const node = owners.get(drawn.owner);
      const resolved = node ? resolution.nodes.find((each) => each.nodeId === node.id) : undefined;
      const field = resolved
        ? Object.keys(resolved.values).find((key) => {
            const value = resolved.values[key]!;
            return value.source === 'resolver' && !value.provisional && value.value === drawn.value;
          })
        : undefined;
      // A draw no input kept (governance replaced it) is not recorded: the value stays free in the lease.
      if (!node || !resolved || field === undefined) continue;
      resolved.values[field] = provisionalValue(drawn, resolved.values[field]!);
      recorded.push({
        id: randomUUID(),
        serverUrl: session.url,
        serverTenant: session.tenant,
        lease: drawn.lease.id,
        environment: environment.name,
        expiresAt: drawn.lease.expiresAt,
        kind: drawn.kind,
        pool: drawn.pool,
        value: drawn.value,
        fqdn: drawn.fqdn,
        topology,
        node: node.id,
        label: node.label,
        field,
        owner: drawn.owner,
        status: 'provisional',
        outcome: null,
        reason: null,
        drawnAt: now.toISOString(),
        settledAt: null,
      });
    }
    if (recorded.length > 0) await draws.insert(recorded);
    return resolution;
  }

  private async documentOf(request: OfflinePlanRequest): Promise<TopologyDocument> {
    if (request.document) return request.document;
    if (!request.id) throw new NimbusError('invalid_input', 'Give the topology to plan: its id or a document', {});
    const topology = await this.options.source.answer('getTopology', { id: request.id });
    if (!topology)
      throw new NimbusError('offline_unavailable', `topology ${request.id} is not kept on this desktop: connect to the server to plan it`, {
        id: request.id,
      });
    return topology.document as TopologyDocument;
  }

  /** A component version as the server last described it, for the planner's lookup. */
  private async component(ref: string): Promise<ComponentDefinition> {
    const { name, version } = parseComponentRef(ref);
    const detail = await this.options.source.answer('getComponent', { name });
    const content = await this.options.source.answer('getComponentVersion', { name, version });
    if (!detail || !content)
      throw new NimbusError('offline_unavailable', `component ${ref} is not kept on this desktop: ${CONNECT_TO_PLAN}`, { ref });
    return {
      ref,
      name,
      version,
      provider: detail.provider,
      semanticType: detail.semanticType,
      inputSchema: content.inputSchema as JsonSchema,
      outputSchema: content.outputSchema as JsonSchema,
      bindings: content.resolverBindings as ResolverBindings,
    };
  }
}

/** Where a drawn value came from, as the plan shows it. */
function drawnFrom(kind: 'address' | 'name', pool: string, fqdn: string | null): string {
  return kind === 'address'
    ? `ipam: from this desktop's lease of pool ${pool}`
    : `naming: from this desktop's lease${fqdn ? ` (${fqdn})` : ''}`;
}

/** A value a node drew before: provisional until confirmed, then the node's as the server says. */
function keptValue(draw: LeaseDraw): ResolvedValue {
  const from = drawnFrom(draw.kind, draw.pool, draw.fqdn);
  if (draw.status === 'confirmed') return { value: draw.value, source: 'resolver', detail: `${from}, confirmed by the server` };
  return {
    value: draw.value,
    source: 'resolver',
    detail: `${from}, ${PROVISIONAL_NOTE}`,
    provisional: { lease: draw.lease, expiresAt: draw.expiresAt },
  };
}

function provisionalValue(drawn: DrawnValue, resolved: ResolvedValue): ResolvedValue {
  return {
    ...resolved,
    detail: `${drawnFrom(drawn.kind, drawn.pool, drawn.fqdn)}, ${PROVISIONAL_NOTE}`,
    provisional: { lease: drawn.lease.id, expiresAt: drawn.lease.expiresAt },
  };
}

import type { TopologyDocument, TopologyNode } from '../../engine/api/schemas/topology.js';
import type { ResolverBinding } from '../../engine/components/bindings.js';
import { compileValidator, propertyTypes, type JsonSchema } from '../../engine/components/json-schema.js';
import { NimbusError, type FieldIssue } from '../../engine/errors.js';
import type { ComponentDefinition, ComponentLookup } from '../../engine/planning/component-definition.js';
import type { NodeResolution, ResolutionEnvironment, ResolverSet } from '../../engine/planning/resolve-topology.js';
import { topologyDependencies } from '../../engine/planning/resolve-topology.js';
import type { ResolvedValue } from '../../engine/planning/resolved-value.js';
import { timed, timedAsync } from '../support/measure.js';
import { quadraticGroups } from './quadratic-sort.js';

const OWNER = 'naive-preview';

/** What the naive preview produced, with where its time went. */
export interface NaivePreview {
  groups: string[][];
  nodes: NodeResolution[];
  /** Milliseconds of the sort, the per-node resolution (validation included) and the release. */
  parts: { sortMs: number; resolveMs: number; releaseMs: number };
}

/**
 * Naive baseline for a preview: {@link quadraticGroups} for the order, then every node resolved by
 * calling the resolvers directly, so each IPAM or naming call is its own committed IMMEDIATE
 * transaction (an fsync each, synchronous=FULL), and at the end everything taken is released again
 * (two more transactions) so the preview reserves nothing, as resolveTopology's rehearsal guarantees.
 * Per-node work is otherwise the same as the engine's: defaults, user values, wires (found by scanning
 * all wires), resolvers, and validation with a validator compiled per node, as resolveNode does.
 */
export async function naivePreview(input: {
  document: TopologyDocument;
  environment: ResolutionEnvironment;
  components: ComponentLookup;
  resolvers: ResolverSet;
}): Promise<NaivePreview> {
  const { document, environment, components, resolvers } = input;
  const sort = timed(() =>
    quadraticGroups(
      document.nodes.map((node) => node.id),
      topologyDependencies(document),
    ),
  );
  const nodesById = new Map(document.nodes.map((node) => [node.id, node]));
  const resolve = await timedAsync(async () => {
    const resolved: NodeResolution[] = [];
    for (const id of sort.result.flat()) resolved.push(await resolveNode(nodesById.get(id)!, document, environment, components, resolvers));
    return resolved;
  });
  const release = await timedAsync(async () => {
    await resolvers.ipam.releaseOwner(OWNER);
    await resolvers.naming.releaseOwner(OWNER);
  });
  const byId = new Map(resolve.result.map((node) => [node.nodeId, node]));
  return {
    groups: sort.result,
    nodes: document.nodes.map((node) => byId.get(node.id)!),
    parts: { sortMs: sort.ms, resolveMs: resolve.ms, releaseMs: release.ms },
  };
}

async function resolveNode(
  node: TopologyNode,
  document: TopologyDocument,
  environment: ResolutionEnvironment,
  components: ComponentLookup,
  resolvers: ResolverSet,
): Promise<NodeResolution> {
  const base = { nodeId: node.id, label: node.label, component: node.component };
  const definition = components(node.component);
  const properties = (definition.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const values: Record<string, ResolvedValue> = {};
  const issues: FieldIssue[] = [];
  for (const [key, property] of Object.entries(properties)) {
    if (property.default !== undefined) values[key] = { value: structuredClone(property.default), source: 'default' };
  }
  for (const [key, value] of Object.entries(node.params ?? {})) values[key] = { value, source: 'user' };
  for (const wire of document.wires) {
    if (wire.target.node !== node.id) continue;
    const upstream = components(document.nodes.find((n) => n.id === wire.source.node)!.component);
    const produced = propertyTypes(upstream.outputSchema, wire.source.port);
    const expected = propertyTypes(definition.inputSchema, wire.target.port);
    if (produced === null || expected === null) issues.push({ path: `wires.${wire.id}`, message: 'unknown port' });
    else if (produced.length > 0 && expected.length > 0 && !produced.some((type) => expected.includes(type)))
      issues.push({ path: `wires.${wire.id}`, message: 'type mismatch' });
    if (values[wire.target.port]?.source === 'user')
      issues.push({ path: `params.${wire.target.port}`, message: 'both set by hand and wired' });
    values[wire.target.port] = { value: null, source: 'wire', pending: true };
  }
  for (const [key, binding] of Object.entries(definition.bindings)) {
    if (values[key] && values[key].source !== 'default') continue;
    try {
      values[key] = await runResolver(binding, definition, environment, resolvers);
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      issues.push({ path: `params.${key}`, message: error.message });
    }
  }
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
    if (issue.missing === undefined || !pending.has(issue.missing)) issues.push({ path: issue.path, message: issue.message });
  }
  return { ...base, status: issues.length === 0 ? 'valid' : 'invalid', values, issues };
}

async function runResolver(
  binding: ResolverBinding,
  definition: ComponentDefinition,
  environment: ResolutionEnvironment,
  resolvers: ResolverSet,
): Promise<ResolvedValue> {
  const { config } = environment;
  switch (binding.resolver) {
    case 'ipam': {
      const pool = binding.pool ?? config.ipam.pool!;
      const request = binding.allocate === 'subnet' ? { kind: 'subnet' as const, prefix: binding.prefix! } : { kind: 'address' as const };
      return { value: (await resolvers.ipam.allocate({ pool }, request, OWNER)).value, source: 'resolver' };
    }
    case 'naming': {
      const issued = await resolvers.naming.issue(
        {
          pattern: binding.pattern ?? config.naming.pattern,
          context: {
            env: environment.name,
            type: definition.semanticType,
            provider: definition.provider,
            zone: environment.landingZone,
            component: definition.name,
          },
          scope: `env:${environment.name}`,
          ...(config.naming.domain ? { domain: config.naming.domain } : {}),
        },
        OWNER,
      );
      return { value: issued.name, source: 'resolver' };
    }
    case 'image_catalog': {
      const query = {
        provider: definition.provider,
        osFamily: binding.osFamily,
        osVersion: binding.osVersion,
        arch: binding.arch ?? config.image_catalog.defaultArch,
      };
      return { value: resolvers.images.resolve({ ...query, ...(binding.kind ? { kind: binding.kind } : {}) }).imageId, source: 'resolver' };
    }
    case 'secret':
      return { value: null, source: 'resolver', pending: true };
    // Bare metal: this benchmark's topologies place no machines.
    case 'capacity':
      return { value: null, source: 'resolver', pending: true };
  }
}

import type { Runtime } from 'node:inspector';
import type { TopologyResolution } from '../../engine/planning/resolve-topology.js';
import { planGroups } from '../../engine/planning/plan-groups.js';
import { resolveTopology, topologyDependencies } from '../../engine/planning/resolve-topology.js';
import type { CaseOutcome } from '../support/case-result.js';
import { profiledRun } from '../support/cpu-profile.js';
import { digest, medianMs } from '../support/measure.js';
import { benchComponents } from './bench-components.js';
import { generateLayeredTopology } from './generate-topology.js';
import { naivePreview, type NaivePreview } from './naive-preview.js';
import { openPlanFixture, type PlanFixture } from './plan-fixture.js';
import { quadraticGroups } from './quadratic-sort.js';

/** How a preview plan is computed. */
export type PlanStrategy = 'engine' | 'naive';

/** Every resolver-produced value, in document order: what must agree between the two strategies. */
function resolvedValues(nodes: TopologyResolution['nodes']): unknown[] {
  return nodes.map((node) => [
    node.nodeId,
    ...Object.entries(node.values)
      .filter(([, v]) => v.source === 'resolver')
      .map(([key, v]) => `${key}=${String(v.value)}`),
  ]);
}

async function leftReserved(fixture: PlanFixture): Promise<number> {
  const { ipam, naming } = fixture.resolvers;
  const hosts = await ipam.listAllocations({ pool: 'hosts' });
  const nets = await ipam.listAllocations({ pool: 'nets' });
  return hosts.length + nets.length + (await naming.list('env:bench')).length;
}

/** Frames of the engine's Ajv wrapper (compile and check); its wire-type helper is not validation. */
const isValidation = (frame: Runtime.CallFrame) =>
  frame.url.endsWith('/components/json-schema.js') && frame.functionName !== 'propertyTypes';

/**
 * Preview of a generated `nodes`-node topology in a fresh data directory:
 * - `engine`: resolveTopology in preview mode (planGroups, one rehearsal whose writes are undone);
 * - `naive`: {@link naivePreview} (quadratic sort, a committed transaction per resolver call, release).
 * Both run under the CPU profiler, which splits out the time spent validating (compiling an Ajv
 * validator per node). Checks afterwards that every node is valid and that nothing stays reserved.
 */
export async function runPlanCase(strategy: PlanStrategy, nodes: number): Promise<CaseOutcome> {
  const document = generateLayeredTopology({ nodes });
  const fixture = await openPlanFixture(`plan-${strategy}-${nodes}`);
  try {
    const input = { document, environment: fixture.environment, components: benchComponents, resolvers: fixture.resolvers };
    const run =
      strategy === 'engine'
        ? await profiledRun(
            (): Promise<TopologyResolution | NaivePreview> =>
              resolveTopology({ ...input, mode: 'preview', rehearse: (work) => fixture.store.async.rehearse(work) }),
            isValidation,
          )
        : await profiledRun((): Promise<TopologyResolution | NaivePreview> => naivePreview(input), isValidation);
    const { result, ms, cpuMs } = run;
    const parts: Record<string, number> = { validate: run.targetMs, gc: run.gcMs };
    if ('parts' in result)
      Object.assign(parts, { sort: result.parts.sortMs, resolve: result.parts.resolveMs, release: result.parts.releaseMs });
    const invalid = result.nodes.filter((node) => node.status !== 'valid');
    if (invalid.length > 0) throw new Error(`${strategy}: ${invalid.length} invalid nodes, e.g. ${JSON.stringify(invalid[0]!.issues)}`);
    const reserved = await leftReserved(fixture);
    if (reserved !== 0) throw new Error(`${strategy}: ${reserved} allocations or names left reserved after the preview`);
    return {
      count: nodes,
      ms,
      cpuMs,
      digest: digest([result.groups, resolvedValues(result.nodes)]),
      checks: [`${document.wires.length} wires`, `${result.groups.length} groups`, 'all valid', '0 left reserved'],
      parts,
    };
  } finally {
    fixture.dispose();
  }
}

/** planGroups against the quadratic sort on the generated topology's dependencies (median of runs). */
export function runSortCase(strategy: 'plan-groups' | 'quadratic', nodes: number): CaseOutcome {
  const document = generateLayeredTopology({ nodes });
  const ids = document.nodes.map((node) => node.id);
  const dependencies = topologyDependencies(document);
  const sort = strategy === 'plan-groups' ? () => planGroups(ids, dependencies) : () => quadraticGroups(ids, dependencies);
  const { result, ms } = medianMs(strategy === 'plan-groups' ? 51 : 5, sort);
  return { count: nodes, ms, digest: digest(result), checks: [`${dependencies.length} dependencies`, `${result.length} groups`] };
}

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { executeNodes } from '../../engine/deploy/dependency-executor.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { lowerBound, unevenTopology, UNEVEN_DURATIONS, type TimedNode } from './uneven-topology.js';
import { runWaves } from './wave-barrier.js';

/** Nodes running at once in both variants: the deploy engine's default. */
export const EXECUTOR_CONCURRENCY = 4;
const REPEAT = 3;

interface Trace {
  ms: number;
  /** Node ids in the order they finished. */
  finished: string[];
  /** A node that started before one of its dependencies finished (must stay empty). */
  early: string[];
  peak: number;
}

/** Runs the synthetic nodes (each sleeps its duration) through one scheduler and traces what happened. */
async function traced(
  nodes: readonly TimedNode[],
  schedule: (run: (nodeId: string) => Promise<boolean>) => Promise<unknown>,
): Promise<Trace> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const finished: string[] = [];
  const early: string[] = [];
  let running = 0;
  let peak = 0;
  const start = performance.now();
  await schedule(async (nodeId) => {
    const node = byId.get(nodeId)!;
    if (node.dependsOn.some((from) => !finished.includes(from))) early.push(nodeId);
    running += 1;
    peak = Math.max(peak, running);
    await sleep(node.ms);
    running -= 1;
    finished.push(nodeId);
    return true;
  });
  return { ms: performance.now() - start, finished, early, peak };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The uneven topology (one slow node beside three fast ones, a chain of `chain` nodes after the fast
 * ones) run with synthetic durations through the wave-barrier baseline and through the engine's
 * dependency executor, alternately in this process, `REPEAT` times each; the median wall times are
 * reported with the critical-path lower bound. Checks that both ran every node, never a node before
 * its dependencies, and never more than the concurrency limit at once.
 */
export async function runExecutorCase(chain: number): Promise<CaseOutcome> {
  const nodes = unevenTopology(chain);
  const spec = nodes.map((node) => ({ id: node.id, dependsOn: node.dependsOn }));
  const barrier: Trace[] = [];
  const executor: Trace[] = [];
  for (let round = 0; round < REPEAT; round += 1) {
    barrier.push(await traced(nodes, (run) => runWaves(spec, EXECUTOR_CONCURRENCY, run)));
    executor.push(
      await traced(nodes, (run) =>
        executeNodes({ nodes: spec, concurrency: EXECUTOR_CONCURRENCY }, { run, skip: () => {}, cancel: () => {} }),
      ),
    );
  }
  for (const [name, traces] of [
    ['wave barrier', barrier],
    ['executor', executor],
  ] as const) {
    for (const trace of traces) {
      if (trace.finished.length !== nodes.length) throw new Error(`${name} ran ${trace.finished.length} of ${nodes.length} nodes`);
      if (trace.early.length > 0) throw new Error(`${name} started ${trace.early.join(', ')} before their dependencies finished`);
      if (trace.peak > EXECUTOR_CONCURRENCY)
        throw new Error(`${name} ran ${trace.peak} nodes at once, over the limit of ${EXECUTOR_CONCURRENCY}`);
    }
  }
  const bound = lowerBound(nodes, EXECUTOR_CONCURRENCY);
  const executorMs = median(executor.map((trace) => trace.ms));
  return {
    count: nodes.length,
    ms: executorMs,
    digest: digest([...new Set(executor.flatMap((trace) => trace.finished))].sort()),
    checks: [
      `${nodes.length} nodes (slow ${UNEVEN_DURATIONS.slow} ms, 3 fast ${UNEVEN_DURATIONS.fast} ms, chain of ${chain} × ${UNEVEN_DURATIONS.chain} ms)`,
      `every node ran once, after its dependencies, at most ${EXECUTOR_CONCURRENCY} at once (peak: barrier ${Math.max(...barrier.map((t) => t.peak))}, executor ${Math.max(...executor.map((t) => t.peak))})`,
    ],
    parts: {
      barrier: median(barrier.map((trace) => trace.ms)),
      executor: executorMs,
      criticalPath: bound.criticalPathMs,
      workBound: bound.workMs,
      barrierIdeal: idealBarrier(nodes),
    },
  };
}

/** What the wave barrier would take with no overhead: the sum over plan groups of each group's slowest node. */
function idealBarrier(nodes: readonly TimedNode[]): number {
  const depth = new Map<string, number>();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const depthOf = (id: string): number =>
    depth.get(id) ?? (depth.set(id, Math.max(-1, ...byId.get(id)!.dependsOn.map(depthOf)) + 1), depth.get(id)!);
  const slowest: number[] = [];
  for (const node of nodes) slowest[depthOf(node.id)] = Math.max(slowest[depthOf(node.id)] ?? 0, node.ms);
  return slowest.reduce((sum, ms) => sum + ms, 0);
}

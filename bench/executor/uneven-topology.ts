import type { ExecutorNode } from '../../engine/deploy/dependency-executor.js';

/** A node of a synthetic deploy with how long its run takes. */
export interface TimedNode extends ExecutorNode {
  ms: number;
}

/** Durations of the uneven topology, in milliseconds of synthetic work. */
export const UNEVEN_DURATIONS = { slow: 600, fast: 60, chain: 60 } as const;

/**
 * A topology whose plan groups are uneven: the first group holds one slow node beside three fast
 * ones, and a chain of `chain` nodes depends only on the fast ones. A wave barrier holds the whole
 * chain until the slow node finishes; a dependency-driven executor runs the chain beside it.
 */
export function unevenTopology(chain: number): TimedNode[] {
  const { slow, fast, chain: step } = UNEVEN_DURATIONS;
  const fastIds = ['fast-1', 'fast-2', 'fast-3'];
  const nodes: TimedNode[] = [{ id: 'slow', dependsOn: [], ms: slow }, ...fastIds.map((id) => ({ id, dependsOn: [], ms: fast }))];
  for (let index = 1; index <= chain; index += 1)
    nodes.push({ id: `chain-${index}`, dependsOn: index === 1 ? fastIds : [`chain-${index - 1}`], ms: step });
  return nodes;
}

/**
 * The lower bound on any schedule's wall time: the longest path through the graph by duration (the
 * critical path), and the total work divided by the concurrency limit, whichever is larger.
 */
export function lowerBound(nodes: readonly TimedNode[], concurrency: number): { criticalPathMs: number; workMs: number } {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const finish = new Map<string, number>();
  const finishOf = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const value = Math.max(0, ...node.dependsOn.map(finishOf)) + node.ms;
    finish.set(id, value);
    return value;
  };
  const criticalPathMs = Math.max(...nodes.map((node) => finishOf(node.id)));
  const workMs = nodes.reduce((sum, node) => sum + node.ms, 0) / concurrency;
  return { criticalPathMs, workMs };
}

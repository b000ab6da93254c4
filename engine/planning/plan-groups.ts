import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';

/** `from` must be deployed before `to`. */
export interface Dependency {
  from: string;
  to: string;
}

/** The dependency graph has a cycle; `details.cycle` lists its nodes in order. */
export class DependencyCycleError extends NimbusError {
  override name = 'DependencyCycleError';
  constructor(readonly cycle: string[]) {
    super('dependency_cycle', `The topology has a dependency cycle: ${[...cycle, cycle[0]].join(' → ')}`, { cycle });
  }
}

/**
 * The deployment plan as parallel groups ("waves"): every node lands in the first group after all of
 * its dependencies. Groups keep the input order of nodes, so plans are stable and diff well.
 * Throws {@link DependencyCycleError} naming one cycle's nodes when there is no such order.
 */
export function planGroups(nodes: readonly string[], dependencies: readonly Dependency[]): string[][] {
  const order = new Map(nodes.map((node, index) => [node, index]));
  const incoming = new Map(nodes.map((node) => [node, 0]));
  const outgoing = new Map<string, string[]>(nodes.map((node) => [node, []]));
  const seen = new Set<string>();
  for (const { from, to } of dependencies) {
    for (const end of [from, to])
      if (!order.has(end)) throw new NimbusError('unknown_node', `A dependency names the unknown node ${excerpt(end)}`, { node: end });
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (from === to) throw new DependencyCycleError([from]);
    outgoing.get(from)!.push(to);
    incoming.set(to, incoming.get(to)! + 1);
  }
  const groups: string[][] = [];
  let ready = nodes.filter((node) => incoming.get(node) === 0);
  let placed = 0;
  while (ready.length > 0) {
    groups.push(ready);
    placed += ready.length;
    const next: string[] = [];
    for (const node of ready) {
      for (const dependent of outgoing.get(node)!) {
        const remaining = incoming.get(dependent)! - 1;
        incoming.set(dependent, remaining);
        if (remaining === 0) next.push(dependent);
      }
    }
    ready = next.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  if (placed < nodes.length)
    throw new DependencyCycleError(
      findCycle(
        nodes.filter((node) => incoming.get(node)! > 0),
        outgoing,
      ),
    );
  return groups;
}

/**
 * One cycle among `candidates` (nodes left with unmet dependencies). Every such node still has a
 * predecessor among the candidates, so walking predecessors must revisit a node: that loop is a cycle.
 */
function findCycle(candidates: string[], outgoing: Map<string, string[]>): string[] {
  const remaining = new Set(candidates);
  const predecessor = new Map<string, string>();
  for (const [from, targets] of outgoing) {
    if (!remaining.has(from)) continue;
    for (const to of targets) if (remaining.has(to) && !predecessor.has(to)) predecessor.set(to, from);
  }
  const path: string[] = [];
  const position = new Map<string, number>();
  let current = candidates[0]!;
  while (!position.has(current)) {
    position.set(current, path.length);
    path.push(current);
    current = predecessor.get(current)!;
  }
  const cycle = path.slice(position.get(current)).reverse();
  // Start the message at the node that comes first in the document, for a stable error.
  const first = cycle.indexOf(candidates.find((node) => cycle.includes(node))!);
  return [...cycle.slice(first), ...cycle.slice(0, first)];
}

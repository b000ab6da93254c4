import { DependencyCycleError, type Dependency } from '../../engine/planning/plan-groups.js';

/**
 * Naive baseline for planGroups: repeatedly scan every unplaced node and every dependency for nodes
 * whose dependencies are all placed, and make them the next group. O(groups × nodes × dependencies)
 * instead of planGroups' O(nodes + dependencies); same groups, same order within a group.
 */
export function quadraticGroups(nodes: readonly string[], dependencies: readonly Dependency[]): string[][] {
  const placed = new Set<string>();
  const groups: string[][] = [];
  while (placed.size < nodes.length) {
    const group = nodes.filter(
      (node) => !placed.has(node) && dependencies.every((dependency) => dependency.to !== node || placed.has(dependency.from)),
    );
    if (group.length === 0) throw new DependencyCycleError(nodes.filter((node) => !placed.has(node)));
    for (const node of group) placed.add(node);
    groups.push(group);
  }
  return groups;
}

import { planGroups } from '../../engine/planning/plan-groups.js';
import type { ExecutorNode } from '../../engine/deploy/dependency-executor.js';

/**
 * The baseline the dependency executor replaced: the plan's parallel groups run one after another,
 * each group's nodes at once (at most `concurrency`, in order), and a group starts only when the whole
 * previous group has finished. A node whose dependency failed is skipped; nothing else differs.
 */
export async function runWaves(
  nodes: readonly ExecutorNode[],
  concurrency: number,
  run: (nodeId: string) => Promise<boolean>,
): Promise<Set<string>> {
  const dependencies = nodes.flatMap((node) => node.dependsOn.map((from) => ({ from, to: node.id })));
  const upstream = new Map(nodes.map((node) => [node.id, node.dependsOn]));
  const succeeded = new Set<string>();
  for (const group of planGroups(
    nodes.map((node) => node.id),
    dependencies,
  )) {
    const queue = group.filter((id) => upstream.get(id)!.every((from) => succeeded.has(from)));
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) if (await run(id)) succeeded.add(id);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  return succeeded;
}

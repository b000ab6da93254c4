import { planGroups } from '../planning/plan-groups.js';

/** A node the executor runs: its id and the nodes that must have succeeded before it starts. */
export interface ExecutorNode {
  id: string;
  dependsOn: readonly string[];
}

/** What the executor does with each node; the caller owns reports and events. */
export interface NodeHandlers {
  /** Runs a node whose dependencies all succeeded; resolves whether it succeeded (its dependents may start). */
  run(nodeId: string): Promise<boolean>;
  /** A node that will not run because `blockedBy` (its dependencies that did not succeed) stopped it. */
  skip(nodeId: string, blockedBy: string[]): void;
  /** A node that will not run because the signal aborted before it started. */
  cancel(nodeId: string): void;
}

/** How the executor runs a plan. */
export interface ExecutorOptions {
  /** Nodes in the order they should start when several are ready at once (the plan's order). */
  nodes: readonly ExecutorNode[];
  /** Nodes running at once; unbounded when absent. */
  concurrency?: number;
  /** Once aborted, no node starts: every node not started yet is cancelled, running nodes finish. */
  signal?: AbortSignal;
}

/**
 * Runs a dependency graph of nodes, starting each node as soon as every node it depends on has
 * succeeded (Pulumi's step executor), rather than waiting for a whole wave of the plan to finish: a
 * slow node delays only its own dependents. At most `concurrency` nodes run at once; ready nodes start
 * in the order given. A node whose dependency failed (or was skipped or cancelled) does not start and
 * is reported through `skip` once all its dependencies have settled; others go on. After `signal`
 * aborts, nodes that have not started are reported through `cancel`; running nodes finish.
 *
 * Resolves when every node has settled. Throws DependencyCycleError or `unknown_node` (from
 * planGroups) before running anything when the graph has a cycle or names an unknown node. If a
 * handler throws, no further node starts nor is reported; the first error is rethrown once running
 * nodes finish.
 */
export async function executeNodes(options: ExecutorOptions, handlers: NodeHandlers): Promise<void> {
  const { nodes, signal } = options;
  const limit = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1)) throw new RangeError(`a node concurrency must be at least 1, got ${limit}`);
  const ids = nodes.map((node) => node.id);
  const dependencies = nodes.flatMap((node) => node.dependsOn.map((from) => ({ from, to: node.id })));
  planGroups(ids, dependencies);

  const order = new Map(ids.map((id, index) => [id, index]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waitingOn = new Map<string, number>();
  const upstream = new Map<string, string[]>();
  for (const node of nodes) {
    const unique = [...new Set(node.dependsOn)];
    upstream.set(node.id, unique);
    waitingOn.set(node.id, unique.length);
    for (const from of unique) dependents.get(from)!.push(node.id);
  }
  const succeeded = new Set<string>();
  const settled = new Set<string>();
  /** Nodes whose dependencies have all settled, waiting for a slot, in start order. */
  const ready: string[] = [];
  let running = 0;
  let failure: { error: unknown } | null = null;

  return new Promise<void>((resolve, reject) => {
    const finishIfDone = () => {
      if (running > 0 || settled.size < ids.length) return;
      signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure.error);
      else resolve();
    };

    const settle = (nodeId: string, ok: boolean) => {
      settled.add(nodeId);
      if (ok) succeeded.add(nodeId);
      for (const dependent of dependents.get(nodeId)!) {
        const remaining = waitingOn.get(dependent)! - 1;
        waitingOn.set(dependent, remaining);
        if (remaining === 0) decide(dependent);
      }
    };

    /** A node whose dependencies all settled: cancelled, skipped, or queued to run. */
    const decide = (nodeId: string) => {
      // After a handler threw, the run is broken: the remaining nodes settle without reports.
      if (failure) return settle(nodeId, false);
      if (signal?.aborted) return guard(nodeId, () => handlers.cancel(nodeId));
      const blockedBy = upstream.get(nodeId)!.filter((id) => !succeeded.has(id));
      if (blockedBy.length > 0) return guard(nodeId, () => handlers.skip(nodeId, blockedBy));
      const at = ready.findIndex((other) => order.get(other)! > order.get(nodeId)!);
      ready.splice(at === -1 ? ready.length : at, 0, nodeId);
    };

    /** Reports a node that does not run; a handler that throws stops the run like a failed node would. */
    const guard = (nodeId: string, report: () => void) => {
      try {
        report();
      } catch (error) {
        failure ??= { error };
      }
      settle(nodeId, false);
    };

    const pump = () => {
      while (ready.length > 0 && (signal?.aborted || failure)) decide(ready.shift()!);
      while (running < limit && ready.length > 0 && !signal?.aborted && !failure) {
        const nodeId = ready.shift()!;
        running += 1;
        let run: Promise<boolean>;
        try {
          run = handlers.run(nodeId);
        } catch (error) {
          run = Promise.reject(error);
        }
        run.then(
          (ok) => done(nodeId, ok),
          (error: unknown) => {
            failure ??= { error };
            done(nodeId, false);
          },
        );
      }
      finishIfDone();
    };

    const done = (nodeId: string, ok: boolean) => {
      running -= 1;
      settle(nodeId, ok);
      pump();
    };

    const onAbort = () => pump();
    signal?.addEventListener('abort', onAbort, { once: true });

    // Roots are taken before any is decided: deciding one (cancelled, say) may settle its dependents.
    for (const id of ids.filter((candidate) => waitingOn.get(candidate) === 0)) decide(id);
    pump();
  });
}

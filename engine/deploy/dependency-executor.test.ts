import { describe, expect, it } from 'vitest';
import { executeNodes, type ExecutorNode } from './dependency-executor.js';

/**
 * A synthetic node runner: every run waits for the test to settle it by hand, and the log records
 * what started, finished, was skipped or cancelled, in order.
 */
function harness(nodes: ExecutorNode[], options: { concurrency?: number; signal?: AbortSignal } = {}) {
  const log: string[] = [];
  const pending = new Map<string, (ok: boolean) => void>();
  let running = 0;
  let peak = 0;
  const done = executeNodes(
    { nodes, ...options },
    {
      run: (nodeId) => {
        log.push(`start ${nodeId}`);
        running += 1;
        peak = Math.max(peak, running);
        return new Promise<boolean>((resolve) =>
          pending.set(nodeId, (ok) => {
            pending.delete(nodeId);
            running -= 1;
            log.push(`${ok ? 'ok' : 'failed'} ${nodeId}`);
            resolve(ok);
          }),
        );
      },
      skip: (nodeId, blockedBy) => log.push(`skip ${nodeId} (${blockedBy.join(',')})`),
      cancel: (nodeId) => log.push(`cancel ${nodeId}`),
    },
  );
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  return {
    log,
    done,
    running: () => [...pending.keys()],
    peak: () => peak,
    finished: () => finished,
    /** Settles a running node and lets the executor react. */
    async finish(nodeId: string, ok = true) {
      const settle = pending.get(nodeId);
      if (!settle) throw new Error(`${nodeId} is not running (running: ${[...pending.keys()].join(', ') || 'none'})`);
      settle(ok);
      await flush();
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const node = (id: string, ...dependsOn: string[]): ExecutorNode => ({ id, dependsOn });

describe('executeNodes', () => {
  it('starts a node when its own dependencies finish while an unrelated slow node of the same wave still runs', async () => {
    // Wave 1: slow, fast. Wave 2: a (after fast). Wave 3: b (after a). slow has no dependents.
    const run = harness([node('slow'), node('fast'), node('a', 'fast'), node('b', 'a')]);
    await flush();
    expect(run.running()).toEqual(['slow', 'fast']);
    await run.finish('fast');
    expect(run.running()).toEqual(['slow', 'a']);
    await run.finish('a');
    expect(run.running()).toEqual(['slow', 'b']);
    await run.finish('b');
    expect(run.finished()).toBe(false);
    await run.finish('slow');
    await run.done;
    expect(run.log).toEqual(['start slow', 'start fast', 'ok fast', 'start a', 'ok a', 'start b', 'ok b', 'ok slow']);
  });

  it('waits for every dependency of a node, not just the first to finish', async () => {
    const run = harness([node('x'), node('y'), node('z', 'x', 'y')]);
    await flush();
    await run.finish('x');
    expect(run.running()).toEqual(['y']);
    await run.finish('y');
    expect(run.running()).toEqual(['z']);
    await run.finish('z');
    await run.done;
  });

  it('never runs more nodes at once than the concurrency limit, starting ready nodes in plan order', async () => {
    const run = harness([node('n1'), node('n2'), node('n3'), node('n4'), node('n5', 'n4')], { concurrency: 2 });
    await flush();
    expect(run.running()).toEqual(['n1', 'n2']);
    await run.finish('n2');
    expect(run.running()).toEqual(['n1', 'n3']);
    await run.finish('n1');
    expect(run.running()).toEqual(['n3', 'n4']);
    await run.finish('n4');
    expect(run.running()).toEqual(['n3', 'n5']);
    await run.finish('n3');
    await run.finish('n5');
    await run.done;
    expect(run.peak()).toBe(2);
  });

  it('starts a dependent that became ready before a node that comes later in the plan', async () => {
    // With one slot, `late` (ready from the start) waits while `first`'s dependent jumps ahead of it.
    const run = harness([node('first'), node('next', 'first'), node('late')], { concurrency: 1 });
    await flush();
    expect(run.running()).toEqual(['first']);
    await run.finish('first');
    expect(run.running()).toEqual(['next']);
    await run.finish('next');
    await run.finish('late');
    await run.done;
  });

  it('skips only the dependents of a failed node, transitively, and runs the rest', async () => {
    const run = harness([
      node('bad'),
      node('good'),
      node('child', 'bad'),
      node('grandchild', 'child'),
      node('mixed', 'bad', 'good'),
      node('other', 'good'),
    ]);
    await flush();
    await run.finish('bad', false);
    expect(run.log).toContain('skip child (bad)');
    expect(run.log).toContain('skip grandchild (child)');
    expect(run.running()).toEqual(['good']);
    await run.finish('good');
    expect(run.log).toContain('skip mixed (bad)');
    expect(run.running()).toEqual(['other']);
    await run.finish('other');
    await run.done;
    expect(run.log.filter((line) => line.startsWith('start'))).toEqual(['start bad', 'start good', 'start other']);
  });

  it('reports a skipped node once all its dependencies settled, naming each that did not succeed', async () => {
    const run = harness([node('a'), node('b'), node('c', 'a', 'b')]);
    await flush();
    await run.finish('a', false);
    expect(run.log.some((line) => line.startsWith('skip c'))).toBe(false);
    await run.finish('b', false);
    expect(run.log).toContain('skip c (a,b)');
    await run.done;
  });

  it('starts no node after the signal aborts, cancels the rest and lets running nodes finish', async () => {
    const abort = new AbortController();
    const run = harness([node('a'), node('b'), node('c'), node('after-a', 'a'), node('after-b', 'b')], {
      concurrency: 2,
      signal: abort.signal,
    });
    await flush();
    expect(run.running()).toEqual(['a', 'b']);
    abort.abort();
    await flush();
    // `c` was waiting for a slot: cancelled at once.
    expect(run.log).toContain('cancel c');
    expect(run.running()).toEqual(['a', 'b']);
    await run.finish('a');
    expect(run.log).toContain('cancel after-a');
    expect(run.running()).toEqual(['b']);
    expect(run.finished()).toBe(false);
    await run.finish('b');
    await run.done;
    expect(run.log.filter((line) => line.startsWith('start'))).toEqual(['start a', 'start b']);
    expect(run.log.filter((line) => line.startsWith('cancel')).sort()).toEqual(['cancel after-a', 'cancel after-b', 'cancel c']);
  });

  it('cancels everything when the signal has aborted before it starts', async () => {
    const abort = new AbortController();
    abort.abort();
    const run = harness([node('a'), node('b', 'a')], { signal: abort.signal });
    await run.done;
    expect(run.log).toEqual(['cancel a', 'cancel b']);
  });

  it('resolves at once for an empty plan', async () => {
    await expect(executeNodes({ nodes: [] }, { run: async () => true, skip: () => {}, cancel: () => {} })).resolves.toBeUndefined();
  });

  it('refuses a cycle and an unknown dependency before running anything', async () => {
    const started: string[] = [];
    const handlers = { run: async (id: string) => (started.push(id), true), skip: () => {}, cancel: () => {} };
    await expect(executeNodes({ nodes: [node('a', 'b'), node('b', 'a'), node('c')] }, handlers)).rejects.toMatchObject({
      code: 'dependency_cycle',
    });
    await expect(executeNodes({ nodes: [node('a', 'ghost')] }, handlers)).rejects.toMatchObject({ code: 'unknown_node' });
    expect(started).toEqual([]);
  });

  it('refuses a concurrency below one', async () => {
    await expect(
      executeNodes({ nodes: [node('a')], concurrency: 0 }, { run: async () => true, skip: () => {}, cancel: () => {} }),
    ).rejects.toThrow(RangeError);
  });

  it('rethrows a handler error once running nodes finish, starting nothing more', async () => {
    const log: string[] = [];
    let finishSlow!: () => void;
    const done = executeNodes(
      { nodes: [node('slow'), node('broken'), node('after', 'broken'), node('later', 'slow')] },
      {
        run: (id) => {
          log.push(`start ${id}`);
          if (id === 'broken') return Promise.reject(new Error('bug'));
          return new Promise<boolean>((resolve) => (finishSlow = () => resolve(true)));
        },
        skip: (id) => log.push(`skip ${id}`),
        cancel: (id) => log.push(`cancel ${id}`),
      },
    );
    let settled = false;
    void done.catch(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    finishSlow();
    await expect(done).rejects.toThrow('bug');
    expect(log).toEqual(['start slow', 'start broken']);
  });

  it('counts a duplicated dependency once', async () => {
    const run = harness([node('a'), node('b', 'a', 'a')]);
    await flush();
    await run.finish('a');
    expect(run.running()).toEqual(['b']);
    await run.finish('b');
    await run.done;
  });
});

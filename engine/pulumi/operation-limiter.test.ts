import { describe, expect, it } from 'vitest';
import { createOperationLimiter } from './operation-limiter.js';

/** A promise with its settle functions, to finish work exactly when a test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createOperationLimiter', () => {
  it('starts work in the order it was queued, never more than max at once', async () => {
    const limiter = createOperationLimiter(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, () => deferred());
    const results = gates.map((gate, index) =>
      limiter.run(async () => {
        started.push(index);
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
        return index * 10;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 2, queued: 3 });

    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('drops queued work whose signal aborts, rejecting with the reason and never running it', async () => {
    const limiter = createOperationLimiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    const after = limiter.run(async () => 'after');
    expect(limiter.queued).toBe(2);

    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(limiter.queued).toBe(1);

    gate.resolve();
    await first;
    expect(await after).toBe('after');
    expect(ran).toBe(false);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('rejects at once, without queueing, when the signal is already aborted', async () => {
    const limiter = createOperationLimiter(1);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    let ran = false;
    await expect(
      limiter.run(async () => {
        ran = true;
      }, controller.signal),
    ).rejects.toThrow('too late');
    expect(ran).toBe(false);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('leaves running work alone when its signal aborts: the work decides', async () => {
    const limiter = createOperationLimiter(1);
    const controller = new AbortController();
    const gate = deferred<string>();
    const running = limiter.run(() => gate.promise, controller.signal);
    controller.abort();
    gate.resolve('finished');
    expect(await running).toBe('finished');
  });

  it('frees the slot of work that throws or rejects, so the queue goes on', async () => {
    const limiter = createOperationLimiter(1);
    const failing = limiter.run(async () => {
      throw new Error('boom');
    });
    const throwingSync = limiter.run((() => {
      throw new Error('sync boom');
    }) as () => Promise<never>);
    const next = limiter.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(throwingSync).rejects.toThrow('sync boom');
    expect(await next).toBe('next');
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createOperationLimiter(0)).toThrow(RangeError);
    expect(() => createOperationLimiter(1.5)).toThrow(RangeError);
  });
});

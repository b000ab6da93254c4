/**
 * Caps how many Pulumi operations run at once. Each one is a CLI, a language host and provider
 * processes; a topology deploy of many plan groups must not start them all together. Work waits in
 * FIFO order; waiting work whose signal aborts leaves the queue at once, never having started.
 */

/** Runs work with at most `max` pieces in flight. */
export interface OperationLimiter {
  /**
   * Runs `work` when a slot is free and settles as it does. If `signal` aborts while the work still
   * waits, the work never runs and the promise rejects with the signal's reason; once started, the
   * work itself decides what an abort means (pass it the same signal).
   */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Work running now. */
  readonly active: number;
  /** Work waiting for a slot. */
  readonly queued: number;
}

interface Waiting {
  start: () => void;
}

/** A limiter allowing `max` (a positive integer) concurrent operations. */
export function createOperationLimiter(max: number): OperationLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`an operation limit must be a positive integer, got ${max}`);
  let active = 0;
  const queue: Waiting[] = [];

  const release = (): void => {
    active -= 1;
    const next = queue.shift();
    if (next) next.start();
  };

  const execute = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      // Called inside the try so a synchronous throw also frees the slot.
      return await work();
    } finally {
      release();
    }
  };

  return {
    run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < max) {
        active += 1;
        return execute(work);
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(entry);
          if (index !== -1) queue.splice(index, 1);
          reject(signal?.reason);
        };
        const entry: Waiting = {
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            active += 1;
            execute(work).then(resolve, reject);
          },
        };
        queue.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}

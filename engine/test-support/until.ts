import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

/** Real time even while a test has installed fake timers (captured before any test runs). */
const now = performance.now.bind(performance);

/** How long `until` keeps asking, and how often. */
export interface UntilOptions {
  /** Give up after this many milliseconds (default 5 000). */
  timeoutMs?: number;
  /** Ask again after this many milliseconds (default 10). */
  intervalMs?: number;
}

/** The error `until` throws when its condition did not come true in time. */
export class UntilTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, last: { value: unknown } | { error: unknown } | undefined) {
    const seen = !last
      ? 'it was never asked'
      : 'error' in last
        ? `the last check threw: ${describe(last.error)}`
        : `the last check gave ${inspect(last.value, { depth: 4, breakLength: Infinity })}`;
    super(`Timed out after ${timeoutMs} ms waiting until ${what}; ${seen}`);
    this.name = 'UntilTimeoutError';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : inspect(error);
}

/**
 * Waits until `check` returns a truthy value and returns that value: the one way tests wait for
 * something that happens in the background (a process, a socket, a job). A check that throws counts
 * as "not yet". On timeout it fails naming what was awaited and the last value or error it saw, so a
 * hung wait never passes silently or fails with a bare "timed out". It waits in real time even when
 * the test uses fake timers.
 */
export async function until<T>(check: () => T | Promise<T>, what: string, options: UntilOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (now() >= deadline) throw new UntilTimeoutError(what, timeoutMs, last);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - now())));
  }
}

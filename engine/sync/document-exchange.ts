/**
 * What the desktop's replicas of shared documents (topologies, drafts) and the server's document
 * services share about exchanging documents: which failures are passing, how bytes travel, how long
 * an edit waits for its push, and the pusher's backoff timer.
 */
import { backoffDelay, type RetryPolicy } from './backoff.js';
import type { SyncClock } from './sync-outbox.js';

/** No answer from the server, or passing trouble there: an edit waits and is sent again later. */
export const PASSING_CODES: ReadonlySet<string> = new Set([
  'server_unreachable',
  'disposed',
  'service_unavailable',
  'rate_limited',
  'request_in_progress',
  'internal',
  'server_answer_invalid',
]);

/** How long an edit's caller waits for the push before hearing the answer the replica gives. */
export const PUSH_WAIT_MS = 2000;

/** Bytes as base64 text (how documents and changes travel in JSON). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Bytes from base64 text a trusted peer sent (the server, to a desktop). */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Bytes from base64 text a client sent, or undefined when it is not canonical base64 (the caller names what is wrong). */
export function strictBase64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  return text.length % 4 !== 0 || bytes.toString('base64') !== text ? undefined : new Uint8Array(bytes);
}

/** `work`'s result if it settles within `ms`, else undefined; its failure is handled where it started. */
export async function waitAtMost<T>(clock: SyncClock, ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: unknown;
  const result = await Promise.race([
    work.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = clock.setTimeout(() => resolve(undefined), ms);
    }),
  ]);
  clock.clearTimeout(timer);
  return result;
}

/** The pusher's next try: one pending at a time, each later by the retry policy's backoff, until reset. */
export class RetryTimer {
  private timer: unknown;
  private attempts = 0;

  constructor(
    private readonly clock: SyncClock,
    private readonly policy: RetryPolicy,
    private readonly random: () => number,
  ) {}

  /** Whether a try is pending. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Runs `run` after the next backoff, unless a try is pending already. */
  schedule(run: () => void): void {
    if (this.timer !== undefined) return;
    this.attempts += 1;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        run();
      },
      backoffDelay(this.attempts, this.policy, this.random),
    );
  }

  /** Cancels the pending try. */
  clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The server answered: the next backoff starts from the first again. */
  reset(): void {
    this.attempts = 0;
  }
}

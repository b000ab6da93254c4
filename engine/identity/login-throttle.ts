/**
 * Slows down password guessing: after a few failed sign-ins for one account (or from one address),
 * further attempts are refused for a delay that doubles with each failure, up to a ceiling. A
 * successful sign-in clears the account's count. Kept in memory per server process: several
 * processes each throttle on their own, which still bounds guessing to a handful per delay window.
 */

/** How throttling behaves. */
export interface ThrottlePolicy {
  /** Failures allowed before any delay. */
  freeAttempts: number;
  /** The first delay; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

/** Five free attempts, then 1 s doubling up to 15 minutes; failures forgotten after an hour. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  windowMs: 60 * 60 * 1000,
};

interface Record {
  failures: number;
  lastFailureAt: number;
}

/** Counts failed sign-ins per key (an account name, a client address). */
export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
    /** At most this many keys are tracked; the oldest are forgotten first. */
    private readonly capacity = 100_000,
  ) {}

  /** Milliseconds until `key` may try again (0 when it may try now). */
  retryAfter(key: string): number {
    const record = this.current(key);
    if (!record || record.failures < this.policy.freeAttempts) return 0;
    const exponent = record.failures - this.policy.freeAttempts;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(exponent, 30));
    return Math.max(0, record.lastFailureAt + delay - this.now());
  }

  /** Records a failed attempt. */
  fail(key: string): void {
    const record = this.current(key) ?? { failures: 0, lastFailureAt: 0 };
    record.failures += 1;
    record.lastFailureAt = this.now();
    this.records.delete(key);
    this.records.set(key, record);
    if (this.records.size > this.capacity) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  /** Forgets the failures of `key` (after a successful sign-in). */
  succeed(key: string): void {
    this.records.delete(key);
  }

  private current(key: string): Record | undefined {
    const record = this.records.get(key);
    if (record && this.now() - record.lastFailureAt > this.policy.windowMs) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }
}

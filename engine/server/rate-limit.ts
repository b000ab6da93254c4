/**
 * A token bucket per caller key (a token's hash, a client address): `capacity` calls at once, then
 * `refillPerSecond`. Kept in memory per server process; each process limits on its own.
 */
export interface RateLimitPolicy {
  capacity: number;
  refillPerSecond: number;
}

/** 120 calls in a burst, then 20 per second, per token. */
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { capacity: 120, refillPerSecond: 20 };

/**
 * The policy NIMBUS_RATE_LIMIT sets as `BURST/PER_SECOND` (e.g. `600/100`), else the default. A value
 * that does not parse stops the server at start rather than serving without the intended limit.
 */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitPolicy {
  const text = env.NIMBUS_RATE_LIMIT?.trim();
  if (!text) return DEFAULT_RATE_LIMIT;
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(
      `NIMBUS_RATE_LIMIT must read BURST/PER_SECOND with whole numbers of at least 1 (e.g. 120/20), got ${text.slice(0, 40)}`,
    );
  }
  return { capacity: Number(match[1]), refillPerSecond: Number(match[2]) };
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Decides whether a call may run now, and if not, how long to wait. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: RateLimitPolicy = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
    /** Buckets kept at most; full buckets are dropped first when the map grows past this. */
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one call from `key`'s bucket: 0 when allowed, else the seconds to wait (at least 1). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.policy.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.policy.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.policy.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.policy.refillPerSecond));
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.policy.refillPerSecond;
      if (refilled >= this.policy.capacity) this.buckets.delete(key);
    }
  }
}

/**
 * When the outbox tries an entry again: exponential backoff with full jitter (a random pause between
 * zero and `base · 2^(attempt−1)`, never above `cap`), so many desktops coming back online at once
 * spread their retries instead of arriving together.
 */

/** How the outbox retries: the first pause's ceiling, the longest pause, and the attempts before a dead letter. */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

/** One second, five minutes, ten attempts. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000, maxAttempts: 10 };

/** The ceiling of the pause after `attempt` failed attempts (1 = the first failed). */
export function backoffCeiling(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 52));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** The pause after `attempt` failed attempts: uniformly random below the ceiling (`random` in [0, 1)). */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const draw = random();
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0;
  return Math.floor(unit * backoffCeiling(attempt, policy));
}

/** The policy from NIMBUS_SYNC_BASE_MS, NIMBUS_SYNC_CAP_MS and NIMBUS_SYNC_MAX_ATTEMPTS, else the defaults. */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    return text && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : fallback;
  };
  const baseMs = read('NIMBUS_SYNC_BASE_MS', DEFAULT_RETRY_POLICY.baseMs);
  return {
    baseMs,
    capMs: Math.max(baseMs, read('NIMBUS_SYNC_CAP_MS', DEFAULT_RETRY_POLICY.capMs)),
    maxAttempts: read('NIMBUS_SYNC_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
  };
}

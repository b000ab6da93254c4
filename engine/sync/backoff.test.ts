import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, DEFAULT_RETRY_POLICY, retryPolicyFromEnv } from './backoff.js';

describe('exponential backoff with full jitter', () => {
  const policy = { baseMs: 1000, capMs: 300_000 };

  it('doubles the ceiling from the base up to the cap', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map((attempt) => backoffCeiling(attempt, policy))).toEqual([
      1000, 2000, 4000, 8000, 256_000, 300_000, 300_000,
    ]);
    // Far beyond any attempt count: still the cap, never Infinity or NaN.
    expect(backoffCeiling(10_000, policy)).toBe(300_000);
    expect(backoffCeiling(0, policy)).toBe(1000);
  });

  it('draws every pause uniformly between zero and the ceiling', () => {
    for (const attempt of [1, 2, 5, 12]) {
      const ceiling = backoffCeiling(attempt, policy);
      expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
      expect(backoffDelay(attempt, policy, () => 0.5)).toBe(Math.floor(ceiling / 2));
      expect(backoffDelay(attempt, policy, () => 0.999_999)).toBeLessThan(ceiling);
      expect(backoffDelay(attempt, policy, () => 0.999_999)).toBeGreaterThanOrEqual(ceiling - 1);
    }
    // A broken random source cannot push a pause out of bounds.
    expect(backoffDelay(3, policy, () => 7)).toBe(4000);
    expect(backoffDelay(3, policy, () => -1)).toBe(0);
    expect(backoffDelay(3, policy, () => Number.NaN)).toBe(0);
  });

  it('spreads pauses over the whole range (full jitter, not a fixed pause)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pauses = Array.from({ length: 2000 }, () => backoffDelay(4, policy, random));
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pauses)).toBeLessThan(8000);
    expect(Math.min(...pauses)).toBeLessThan(800);
    expect(Math.max(...pauses)).toBeGreaterThan(7200);
  });

  it('reads its settings from the environment, ignoring nonsense', () => {
    expect(retryPolicyFromEnv({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(retryPolicyFromEnv({ NIMBUS_SYNC_BASE_MS: '50', NIMBUS_SYNC_CAP_MS: '400', NIMBUS_SYNC_MAX_ATTEMPTS: '3' })).toEqual({
      baseMs: 50,
      capMs: 400,
      maxAttempts: 3,
    });
    expect(retryPolicyFromEnv({ NIMBUS_SYNC_BASE_MS: '-5', NIMBUS_SYNC_CAP_MS: 'lots', NIMBUS_SYNC_MAX_ATTEMPTS: '0' })).toEqual(
      DEFAULT_RETRY_POLICY,
    );
    // A cap below the base is raised to the base.
    expect(retryPolicyFromEnv({ NIMBUS_SYNC_BASE_MS: '5000', NIMBUS_SYNC_CAP_MS: '10' }).capMs).toBe(5000);
  });
});

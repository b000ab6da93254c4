import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, rateLimitFromEnv } from './rate-limit.js';

describe('rateLimitFromEnv', () => {
  it('reads BURST/PER_SECOND, and keeps the default when unset', () => {
    expect(rateLimitFromEnv({ NIMBUS_RATE_LIMIT: '600/100' })).toEqual({ capacity: 600, refillPerSecond: 100 });
    expect(rateLimitFromEnv({})).toBe(DEFAULT_RATE_LIMIT);
    expect(rateLimitFromEnv({ NIMBUS_RATE_LIMIT: ' ' })).toBe(DEFAULT_RATE_LIMIT);
  });

  it('refuses a value it cannot read instead of serving without the intended limit', () => {
    for (const text of ['100', '0/5', '5/0', 'a/b', '-1/2', '1e3/2', '100/20/3']) {
      expect(() => rateLimitFromEnv({ NIMBUS_RATE_LIMIT: text })).toThrow(/NIMBUS_RATE_LIMIT must read BURST\/PER_SECOND/);
    }
  });
});

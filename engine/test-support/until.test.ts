import { afterEach, describe, expect, it, vi } from 'vitest';
import { until, UntilTimeoutError } from './until.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('until', () => {
  it('returns the first truthy value of the check, asking again until then', async () => {
    let calls = 0;
    const value = await until(() => (++calls >= 3 ? { calls } : undefined), 'the third call');
    expect(value).toEqual({ calls: 3 });
    expect(calls).toBe(3);
  });

  it('waits for asynchronous checks and treats a throwing check as not yet', async () => {
    let calls = 0;
    const value = await until(async () => {
      calls += 1;
      if (calls < 3) throw new Error('not ready');
      return 'ready';
    }, 'the check stops throwing');
    expect(value).toBe('ready');
  });

  it('times out naming what it awaited and the last value it saw', async () => {
    let calls = 0;
    const started = Date.now();
    const waiting = until(() => ++calls < 0, 'four replies arrive', { timeoutMs: 100 });
    await expect(waiting).rejects.toBeInstanceOf(UntilTimeoutError);
    await expect(waiting).rejects.toThrow('Timed out after 100 ms waiting until four replies arrive; the last check gave false');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(calls).toBeGreaterThan(1);
  });

  it('times out with the last error a throwing check gave', async () => {
    await expect(
      until(
        () => {
          throw new TypeError('socket not open');
        },
        'the socket opens',
        { timeoutMs: 50 },
      ),
    ).rejects.toThrow('Timed out after 50 ms waiting until the socket opens; the last check threw: TypeError: socket not open');
  });

  it('keeps real time while the test uses fake timers', async () => {
    vi.useFakeTimers();
    let flag = false;
    setTimeout(() => (flag = true), 1000);
    const waiting = until(() => flag, 'the faked timer fires', { timeoutMs: 2000 });
    vi.advanceTimersByTime(1000);
    expect(await waiting).toBe(true);
    await expect(until(() => false, 'never', { timeoutMs: 30 })).rejects.toThrow('waiting until never');
  });
});

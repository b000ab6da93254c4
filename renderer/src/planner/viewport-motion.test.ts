import { afterEach, describe, expect, it, vi } from 'vitest';
import { createViewportMotion } from './viewport-motion';

afterEach(() => {
  vi.useRealTimers();
});

describe('viewport motion', () => {
  it('keeps the content its own layer while the view moves and drops the hint once it has been still', () => {
    vi.useFakeTimers();
    const content = { style: { willChange: '' } } as HTMLElement;
    const motion = createViewportMotion(content, { settleMs: 100 });
    motion.moved();
    expect(content.style.willChange).toBe('transform');
    vi.advanceTimersByTime(80);
    motion.moved();
    vi.advanceTimersByTime(80);
    expect(content.style.willChange).toBe('transform');
    vi.advanceTimersByTime(30);
    expect(content.style.willChange).toBe('');
    motion.moved();
    motion.dispose();
    expect(content.style.willChange).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });
});

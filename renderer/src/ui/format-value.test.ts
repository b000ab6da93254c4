import { describe, expect, it } from 'vitest';
import { formatPlannedValue, formatValue, KNOWN_AFTER_DEPLOY } from './format-value';

describe('formatValue', () => {
  it('shows strings bare and everything else as JSON', () => {
    expect(formatValue('10.0.0.2')).toBe('10.0.0.2');
    expect(formatValue('')).toBe('""');
    expect(formatValue(4)).toBe('4');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(['a', 'b'])).toBe('["a","b"]');
    expect(formatValue(undefined)).toBe('—');
  });

  it('cuts long values short', () => {
    const text = formatValue('x'.repeat(500));
    expect(text).toHaveLength(120);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('formatPlannedValue', () => {
  it('words a value known only after deploy as the engine and the CLI do, and formats the rest', () => {
    expect(formatPlannedValue(true, null)).toBe('known after deploy');
    expect(formatPlannedValue(true, null)).toBe(KNOWN_AFTER_DEPLOY);
    expect(formatPlannedValue(undefined, null)).toBe('null');
    expect(formatPlannedValue(false, 'web-01')).toBe('web-01');
  });
});

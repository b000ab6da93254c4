import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value';

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

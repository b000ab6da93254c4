import { describe, expect, it } from 'vitest';
import { formatCount, formatUtilisation } from './format-count';

describe('formatCount', () => {
  it('groups small counts and writes huge ones as powers of ten', () => {
    expect(formatCount('65536')).toBe('65,536');
    expect(formatCount('0')).toBe('0');
    expect(formatCount('18446744073709551616')).toBe('1.8 × 10¹⁹');
  });
});

describe('formatUtilisation', () => {
  it('never shows a used pool as empty or a nearly full one as full', () => {
    expect(formatUtilisation(0)).toBe('0 %');
    expect(formatUtilisation(0.000_01)).toBe('< 0.1 %');
    expect(formatUtilisation(0.003906)).toBe('0.4 %');
    expect(formatUtilisation(0.5)).toBe('50 %');
    expect(formatUtilisation(0.999)).toBe('99 %');
    expect(formatUtilisation(1)).toBe('100 %');
  });
});

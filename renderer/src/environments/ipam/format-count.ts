const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * An address count as people read it. Sizes arrive as decimal strings because an IPv6 pool holds more
 * addresses than a JavaScript number can count exactly: small ones are grouped (65,536), huge ones
 * shown as a power of ten (1.8 × 10¹⁹).
 */
export function formatCount(decimal: string): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  const digits = decimal.replace(/^0+(?=\d)/, '');
  if (digits.length <= 12) return BigInt(digits).toLocaleString('en-US');
  const exponent = digits.length - 1;
  const mantissa = `${digits[0]}.${digits[1]}`;
  return `${mantissa} × 10${[...String(exponent)].map((digit) => SUPERSCRIPT[Number(digit)]).join('')}`;
}

/** Utilisation 0..1 as a percentage that never rounds a used pool down to "0 %". */
export function formatUtilisation(fraction: number): string {
  if (fraction <= 0) return '0 %';
  if (fraction < 0.001) return '< 0.1 %';
  if (fraction >= 1) return '100 %';
  const percent = fraction * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.min(99, Math.round(percent)).toString()} %`;
}

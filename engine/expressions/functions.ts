import type { ExpressionValue } from './expression.js';
import { excerpt } from '../text/excerpt.js';

type ExpressionFunction = (...args: ExpressionValue[]) => ExpressionValue;

const text = (value: ExpressionValue, name: string): string => {
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
};
const integer = (value: ExpressionValue, name: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${name} must be an integer`);
  return value;
};
const list = (value: ExpressionValue, name: string): ExpressionValue[] => {
  if (!Array.isArray(value)) throw new Error(`${name} must be a list`);
  return value;
};
const display = (value: ExpressionValue): string =>
  typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** The n-th address of an IPv4 CIDR (negative counts from the end), as Terraform's cidrhost. */
function cidrhost(cidr: ExpressionValue, index: ExpressionValue): ExpressionValue {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text(cidr, 'the CIDR'));
  const octets = match?.slice(1, 5).map(Number);
  const prefix = Number(match?.[5]);
  if (!match || octets!.some((octet) => octet > 255) || prefix > 32) throw new Error(`${excerpt(cidr)} is not an IPv4 CIDR`);
  const size = 2 ** (32 - prefix);
  const n = integer(index, 'the host number');
  const offset = n < 0 ? size + n : n;
  if (offset < 0 || offset >= size) throw new Error(`host ${n} is outside ${cidr as string} (${size} addresses)`);
  const base = octets!.reduce((sum, octet) => sum * 256 + octet, 0);
  const network = base - (base % size);
  const address = network + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/**
 * Pure functions expressions may call. None reads the clock, the environment or the file system, so
 * the same inputs always give the same value (a preview shows what a deploy will do).
 */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  lower: (value) => text(value, 'the value').toLowerCase(),
  upper: (value) => text(value, 'the value').toUpperCase(),
  trim: (value) => text(value, 'the value').trim(),
  concat: (...values) => values.map(display).join(''),
  join: (values, separator = '') => list(values, 'the first argument').map(display).join(text(separator, 'the separator')),
  split: (value, separator) => text(value, 'the value').split(text(separator, 'the separator')),
  replace: (value, search, replacement) =>
    text(value, 'the value').split(text(search, 'the text to replace')).join(text(replacement, 'the replacement')),
  startsWith: (value, prefix) => text(value, 'the value').startsWith(text(prefix, 'the prefix')),
  endsWith: (value, suffix) => text(value, 'the value').endsWith(text(suffix, 'the suffix')),
  contains: (haystack, needle) =>
    Array.isArray(haystack)
      ? haystack.some((item) => JSON.stringify(item) === JSON.stringify(needle))
      : text(haystack, 'the value').includes(text(needle, 'the text to find')),
  length: (value) =>
    typeof value === 'string' || Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0,
  string: (value) => display(value),
  number: (value) => {
    const number = typeof value === 'number' ? value : Number(text(value, 'the value'));
    if (!Number.isFinite(number)) throw new Error(`${excerpt(value)} is not a number`);
    return number;
  },
  int: (value) => {
    const number = typeof value === 'number' ? value : Number(text(value, 'the value'));
    if (!Number.isFinite(number)) throw new Error(`${excerpt(value)} is not a number`);
    return Math.trunc(number);
  },
  min: (...values) => Math.min(...values.map((value) => integerOrNumber(value))),
  max: (...values) => Math.max(...values.map((value) => integerOrNumber(value))),
  default: (value, fallback) => (value === null || value === '' ? fallback : value),
  coalesce: (...values) => values.find((value) => value !== null && value !== '') ?? null,
  cidrhost,
});

function integerOrNumber(value: ExpressionValue): number {
  if (typeof value !== 'number') throw new Error('min and max take numbers');
  return value;
}

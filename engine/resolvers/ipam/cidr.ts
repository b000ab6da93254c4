import { NimbusError } from '../../errors.js';
import { excerpt } from '../../text/excerpt.js';

/** An IP network or address range: `start`..`end` inclusive, as unsigned integers of 32 or 128 bits. */
export interface Cidr {
  family: 4 | 6;
  start: bigint;
  prefix: number;
}

export class InvalidCidrError extends NimbusError {
  override name = 'InvalidCidrError';
  constructor(input: string, reason: string) {
    super('invalid_cidr', `${excerpt(input)} is not a valid CIDR: ${reason}`, { input });
  }
}

export class InvalidAddressError extends NimbusError {
  override name = 'InvalidAddressError';
  constructor(input: string, reason: string) {
    super('invalid_address', `${excerpt(input)} is not a valid IP address: ${reason}`, { input });
  }
}

export const bitsOf = (family: 4 | 6): number => (family === 4 ? 32 : 128);

/** Number of addresses in a block of `prefix` in `family`. */
export const blockSize = (family: 4 | 6, prefix: number): bigint => 1n << BigInt(bitsOf(family) - prefix);

export const cidrEnd = (cidr: Cidr): bigint => cidr.start + blockSize(cidr.family, cidr.prefix) - 1n;

function parseIpv4(text: string): bigint | string {
  const parts = text.split('.');
  if (parts.length !== 4) return 'an IPv4 address has four dot-separated numbers';
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return `${JSON.stringify(part)} is not a number from 0 to 255`;
    if (part.length > 1 && part.startsWith('0')) return `${JSON.stringify(part)} has a leading zero (ambiguous)`;
    const n = Number(part);
    if (n > 255) return `${part} is larger than 255`;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | string {
  if (text.includes('.')) {
    // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (typeof v4 === 'string') return v4;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return '"::" may appear only once';
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + tail.length > 7)) return 'an IPv6 address has eight groups';
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return `${JSON.stringify(group)} is not a 1–4 digit hex group`;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses an IPv4 or IPv6 address. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } {
  const trimmed = text.trim();
  const family = trimmed.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(trimmed) : parseIpv6(trimmed);
  if (typeof value === 'string') throw new InvalidAddressError(text, value);
  return { family, value };
}

/**
 * Parses `a.b.c.d/p` or `x:y::/p`. Host bits must be zero: `10.0.0.1/24` is refused with the network
 * it probably meant, because silently rounding would allocate from a range the user did not name.
 */
export function parseCidr(text: string): Cidr {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) throw new InvalidCidrError(text, 'expected ADDRESS/PREFIX, e.g. 10.0.0.0/16 or fd00::/48');
  let address;
  try {
    address = parseAddress(match[1]!);
  } catch (error) {
    throw new InvalidCidrError(text, (error as Error).message.replace(/^.*?: /, ''));
  }
  const prefix = Number(match[2]);
  const bits = bitsOf(address.family);
  if (prefix > bits) throw new InvalidCidrError(text, `the prefix length must be at most ${bits} for IPv${address.family}`);
  const cidr: Cidr = { family: address.family, start: address.value, prefix };
  const aligned = address.value & ~(blockSize(address.family, prefix) - 1n);
  if (aligned !== address.value) {
    throw new InvalidCidrError(text, `host bits are set; the network is ${formatCidr({ ...cidr, start: aligned })}`);
  }
  return cidr;
}

/** Formats an address in its canonical text form (RFC 5952 for IPv6). */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export const formatCidr = (cidr: Cidr): string => `${formatAddress(cidr.family, cidr.start)}/${cidr.prefix}`;

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= cidrEnd(b) && b.start <= cidrEnd(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.start >= outer.start && cidrEnd(inner) <= cidrEnd(outer);
}

/** Fixed-width hex of an address, so text order in SQL equals numeric order for both families. */
export const sortKey = (value: bigint): string => value.toString(16).padStart(32, '0');

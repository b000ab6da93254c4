import { describe, expect, it } from 'vitest';
import { cidrEnd, contains, formatAddress, formatCidr, overlaps, parseAddress, parseCidr, sortKey } from './cidr.js';

describe('parseCidr', () => {
  it('parses IPv4 and IPv6 networks', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ family: 4, start: 0x0a000000n, prefix: 16 });
    expect(formatAddress(4, cidrEnd(parseCidr('10.0.0.0/16')))).toBe('10.0.255.255');
    expect(parseCidr('fd00::/48')).toEqual({ family: 6, start: 0xfd00n << 112n, prefix: 48 });
    expect(formatCidr(parseCidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(formatCidr(parseCidr('192.168.1.7/32'))).toBe('192.168.1.7/32');
  });

  it.each([
    ['10.0.0.0', /expected ADDRESS\/PREFIX/],
    ['10.0.0/24', /four dot-separated numbers/],
    ['10.0.0.256/24', /larger than 255/],
    ['10.0.0.01/32', /leading zero/],
    ['10.0.0.0/33', /at most 32/],
    ['fd00::/129', /at most 128/],
    ['10.0.0.1/24', /host bits are set; the network is 10\.0\.0\.0\/24/],
    ['fd00::1::/64', /"::" may appear only once/],
    ['fd00:zz::/64', /hex group/],
    ['', /expected ADDRESS\/PREFIX/],
  ])('refuses %j', (input, message) => {
    expect(() => parseCidr(input)).toThrow(message);
  });
});

describe('addresses', () => {
  it('formats IPv6 canonically (RFC 5952)', () => {
    expect(formatAddress(6, parseAddress('2001:0db8:0000:0000:0000:0000:0000:0001').value)).toBe('2001:db8::1');
    expect(formatAddress(6, parseAddress('2001:db8:0:1:0:0:0:1').value)).toBe('2001:db8:0:1::1');
    expect(formatAddress(6, 0n)).toBe('::');
    expect(formatAddress(6, parseAddress('::ffff:10.0.0.1').value)).toBe('::ffff:a00:1');
  });

  it('orders sort keys like the numbers they stand for', () => {
    const values = [0n, 255n, 256n, 1n << 127n, (1n << 128n) - 1n];
    const keys = values.map(sortKey);
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('overlaps and contains', () => {
  it('compares blocks of one family only', () => {
    const a = parseCidr('10.0.0.0/16');
    expect(overlaps(a, parseCidr('10.0.255.0/24'))).toBe(true);
    expect(overlaps(a, parseCidr('10.1.0.0/24'))).toBe(false);
    expect(contains(a, parseCidr('10.0.4.0/22'))).toBe(true);
    expect(contains(parseCidr('10.0.4.0/22'), a)).toBe(false);
    expect(overlaps(parseCidr('::/0'), parseCidr('0.0.0.0/0'))).toBe(false);
  });
});

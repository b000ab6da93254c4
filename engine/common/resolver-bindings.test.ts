import { describe, expect, it } from 'vitest';
import { bindingMismatch, bindingNeedsPrefix, producedFormats, producedValue } from './resolver-bindings.js';

describe('what a binding produces', () => {
  it('tells addresses, gateways and subnets apart, and names from domains', () => {
    expect(producedValue({ resolver: 'ipam', allocate: 'address' })).toBe('address');
    expect(producedValue({ resolver: 'ipam' })).toBe('address');
    expect(producedValue({ resolver: 'ipam', allocate: 'gateway' })).toBe('gateway');
    expect(producedValue({ resolver: 'ipam', allocate: 'subnet' })).toBe('subnet');
    expect(producedValue({ resolver: 'naming' })).toBe('name');
    expect(producedValue({ resolver: 'naming', output: 'domain' })).toBe('domain');
    expect(producedValue({ resolver: 'image_catalog' })).toBe('image');
    expect(producedValue({ resolver: 'secret' })).toBe('secret');
  });

  it('gives addresses IP formats, names the host name format, and the rest none', () => {
    expect(producedFormats('address')).toEqual(['ipv4', 'ipv6']);
    expect(producedFormats('gateway')).toEqual(['ipv4', 'ipv6']);
    expect(producedFormats('name')).toEqual(['hostname']);
    expect(producedFormats('domain')).toEqual(['hostname']);
    expect(producedFormats('subnet')).toEqual([]);
    expect(producedFormats('image')).toEqual([]);
    expect(producedFormats('secret')).toEqual([]);
  });
});

describe('bindingMismatch', () => {
  it('accepts a string input, or one that declares no type', () => {
    expect(bindingMismatch({ resolver: 'secret' }, { type: 'string' })).toBeNull();
    expect(bindingMismatch({ resolver: 'secret' }, { type: ['string', 'null'] })).toBeNull();
    expect(bindingMismatch({ resolver: 'naming' }, {})).toBeNull();
    expect(bindingMismatch({ resolver: 'naming' }, true)).toBeNull();
  });

  it('refuses an input that is not a string, with the types it declares', () => {
    expect(bindingMismatch({ resolver: 'naming' }, { type: 'integer' })).toEqual({
      problem: 'type',
      produced: 'name',
      declared: ['integer'],
    });
    expect(bindingMismatch({ resolver: 'ipam', allocate: 'gateway' }, { type: ['integer', 'null'] })).toEqual({
      problem: 'type',
      produced: 'gateway',
      declared: ['integer', 'null'],
    });
  });

  it('refuses a declared format the resolver does not produce, with the formats it does', () => {
    expect(bindingMismatch({ resolver: 'ipam', allocate: 'address' }, { type: 'string', format: 'ipv4' })).toBeNull();
    expect(bindingMismatch({ resolver: 'naming', output: 'domain' }, { type: 'string', format: 'hostname' })).toBeNull();
    expect(bindingMismatch({ resolver: 'ipam', allocate: 'subnet' }, { type: 'string', format: 'ipv4' })).toEqual({
      problem: 'format',
      produced: 'subnet',
      format: 'ipv4',
      formats: [],
    });
    expect(bindingMismatch({ resolver: 'naming' }, { type: 'string', format: 'ipv4' })).toEqual({
      problem: 'format',
      produced: 'name',
      format: 'ipv4',
      formats: ['hostname'],
    });
  });

  it('checks the type before the format', () => {
    expect(bindingMismatch({ resolver: 'secret' }, { type: 'integer', format: 'ipv4' })?.problem).toBe('type');
  });
});

describe('bindingNeedsPrefix', () => {
  it('asks a prefix length of an IPAM subnet only', () => {
    expect(bindingNeedsPrefix({ resolver: 'ipam', allocate: 'subnet' })).toBe(true);
    expect(bindingNeedsPrefix({ resolver: 'ipam', allocate: 'subnet', prefix: 0 })).toBe(false);
    expect(bindingNeedsPrefix({ resolver: 'ipam', allocate: 'address' })).toBe(false);
    expect(bindingNeedsPrefix({ resolver: 'secret' })).toBe(false);
  });
});

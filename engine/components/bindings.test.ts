import { describe, expect, it } from 'vitest';
import { checkBindings } from './bindings.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    ip_address: { type: 'string', format: 'ipv4' },
    cidr: { type: 'string' },
    cores: { type: 'integer' },
    contact: { type: 'string', format: 'email' },
  },
};

describe('checkBindings', () => {
  it('accepts bindings that fit the contract, with defaults filled in', () => {
    expect(
      checkBindings(
        { ip_address: { resolver: 'ipam' }, name: { resolver: 'naming' }, cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 } },
        schema,
      ),
    ).toEqual({
      ip_address: { resolver: 'ipam', allocate: 'address' },
      name: { resolver: 'naming' },
      cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 },
    });
  });

  it('refuses a binding to a missing input', () => {
    expect(() => checkBindings({ hostname: { resolver: 'naming' } }, schema)).toThrow(
      'resolver_bindings.hostname: the input_schema has no property "hostname"',
    );
  });

  it('refuses a resolver whose output does not fit the input', () => {
    expect(() => checkBindings({ cores: { resolver: 'ipam' } }, schema)).toThrow(/produces a string, but cores is declared as integer/);
    expect(() => checkBindings({ contact: { resolver: 'naming' } }, schema)).toThrow(/does not produce values of format email/);
    expect(() => checkBindings({ cidr: { resolver: 'ipam', allocate: 'subnet' } }, schema)).toThrow(/needs a prefix length/);
  });

  it('refuses unknown resolvers with the field path', () => {
    expect(() => checkBindings({ name: { resolver: 'dns' } }, schema)).toThrow(/resolver_bindings — name\.resolver/);
  });

  it('says in its details that a malformed binding is about the bindings, so an editor need not read the message', () => {
    expect(() => checkBindings({ name: { resolver: 'dns' } }, schema)).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: expect.objectContaining({ field: 'resolverBindings' }) }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  bindingFromForm,
  bindingMismatch,
  EMPTY_BINDING_FORM,
  formFromBinding,
  orphanBindings,
  setBinding,
  type BindingForm,
} from './binding-model';

const form = (patch: Partial<BindingForm>): BindingForm => ({ ...EMPTY_BINDING_FORM, ...patch });

describe('binding forms', () => {
  it('reads each stored binding into a form and back to the same binding', () => {
    const stored = [
      { resolver: 'ipam', allocate: 'address' },
      { resolver: 'ipam', pool: 'lab', allocate: 'subnet', prefix: 24 },
      { resolver: 'ipam', allocate: 'gateway' },
      { resolver: 'naming', pattern: '{env}-{seq}' },
      { resolver: 'naming' },
      { resolver: 'naming', output: 'domain' },
      { resolver: 'image_catalog', osFamily: 'debian', osVersion: '12', arch: 'amd64', kind: 'disk-image' },
      { resolver: 'secret', length: 32 },
      { resolver: 'secret' },
    ];
    for (const binding of stored) expect(bindingFromForm(formFromBinding(binding))).toEqual({ binding, errors: {} });
  });

  it('reads no binding, or an unknown one, as none', () => {
    expect(formFromBinding(undefined).resolver).toBe('none');
    expect(formFromBinding({ resolver: 'dns' }).resolver).toBe('none');
    expect(bindingFromForm(form({ resolver: 'none', pattern: 'ignored' }))).toEqual({ binding: null, errors: {} });
  });

  it('fills the engine default for ipam: an address', () => {
    expect(bindingFromForm(form({ resolver: 'ipam' })).binding).toEqual({ resolver: 'ipam', allocate: 'address' });
  });

  it('asks for a prefix for a subnet, within 0–128', () => {
    expect(bindingFromForm(form({ resolver: 'ipam', allocate: 'subnet' }))).toEqual({
      binding: null,
      errors: { prefix: 'A subnet needs a prefix length, e.g. 24.' },
    });
    expect(bindingFromForm(form({ resolver: 'ipam', allocate: 'subnet', prefix: '129' })).errors.prefix).toContain('0 to 128');
    expect(bindingFromForm(form({ resolver: 'ipam', allocate: 'subnet', prefix: '/24' })).errors.prefix).toContain('whole number');
  });

  it('gives a gateway no prefix and a DNS domain no pattern, and both fit an address or host name input', () => {
    expect(bindingFromForm(form({ resolver: 'ipam', allocate: 'gateway', prefix: '24' })).binding).toEqual({
      resolver: 'ipam',
      allocate: 'gateway',
    });
    expect(bindingFromForm(form({ resolver: 'naming', output: 'domain', pattern: '{env}-{seq}' })).binding).toEqual({
      resolver: 'naming',
      output: 'domain',
    });
    expect(bindingMismatch(form({ resolver: 'ipam', allocate: 'gateway' }), { type: 'string', format: 'ipv4' })).toBeNull();
    expect(bindingMismatch(form({ resolver: 'naming', output: 'domain' }), { type: 'string', format: 'hostname' })).toBeNull();
    expect(bindingMismatch(form({ resolver: 'ipam', allocate: 'gateway' }), { type: 'integer' })).toContain(
      'An IPAM gateway address is a string',
    );
  });

  it('asks for the OS family and version of an image', () => {
    expect(bindingFromForm(form({ resolver: 'image_catalog', osFamily: ' ' })).errors).toEqual({
      osFamily: 'Enter the OS family, e.g. debian.',
      osVersion: 'Enter the OS version, e.g. 12.',
    });
  });

  it('keeps secret lengths within 8–1024', () => {
    expect(bindingFromForm(form({ resolver: 'secret', length: '4' })).errors.length).toContain('8 to 1024');
    expect(bindingFromForm(form({ resolver: 'secret', length: ' 16 ' })).binding).toEqual({ resolver: 'secret', length: 16 });
  });

  it('trims text and leaves empty optional fields out', () => {
    expect(bindingFromForm(form({ resolver: 'naming', pattern: '  ' })).binding).toEqual({ resolver: 'naming' });
    expect(bindingFromForm(form({ resolver: 'ipam', pool: ' lab ' })).binding).toEqual({
      resolver: 'ipam',
      pool: 'lab',
      allocate: 'address',
    });
  });
});

describe('bindings of a component', () => {
  it('sets, replaces in place and removes the binding of one input', () => {
    const bindings = { name: { resolver: 'naming' }, ip: { resolver: 'ipam', allocate: 'address' } };
    expect(Object.keys(setBinding(bindings, 'name', { resolver: 'secret' }))).toEqual(['name', 'ip']);
    expect(setBinding(bindings, 'disk', { resolver: 'naming' })).toHaveProperty('disk', { resolver: 'naming' });
    expect(setBinding(bindings, 'name', null)).toEqual({ ip: { resolver: 'ipam', allocate: 'address' } });
  });

  it('finds bindings of inputs that are gone', () => {
    expect(orphanBindings({ a: {}, b: {} }, ['a'])).toEqual(['b']);
  });

  it('explains a resolver that does not fit the input, as the engine would refuse it', () => {
    expect(bindingMismatch({ resolver: 'naming', allocate: 'address' }, { type: 'integer' })).toContain('declared as integer');
    expect(bindingMismatch({ resolver: 'naming', allocate: 'address' }, { type: 'string', format: 'hostname' })).toBeNull();
    expect(bindingMismatch({ resolver: 'ipam', allocate: 'address' }, { type: 'string', format: 'ipv4' })).toBeNull();
    expect(bindingMismatch({ resolver: 'ipam', allocate: 'subnet' }, { type: 'string', format: 'ipv4' })).toContain('not of format ipv4');
    expect(bindingMismatch({ resolver: 'secret', allocate: 'address' }, { type: ['string', 'null'] })).toBeNull();
    expect(bindingMismatch({ resolver: 'none', allocate: 'address' }, { type: 'integer' })).toBeNull();
  });
});

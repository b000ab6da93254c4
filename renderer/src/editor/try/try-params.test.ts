import { describe, expect, it } from 'vitest';
import { initialParamTexts, paramFields, readParams, sampleResolvedValue } from './try-params';

const inputSchema = {
  type: 'object',
  required: ['name', 'ip'],
  properties: {
    name: { type: 'string', format: 'hostname' },
    ip: { type: 'string', format: 'ipv4' },
    cores: { type: 'integer', default: 2 },
    os: { type: 'string', enum: ['debian', 'ubuntu'], default: 'debian' },
    tags: { type: 'array', items: { type: 'string' } },
    password: { type: 'string' },
    localRoot: { type: 'string' },
  },
};
const bindings = { name: { resolver: 'naming' }, ip: { resolver: 'ipam', allocate: 'address' }, password: { resolver: 'secret' } };

describe('the try-it parameters', () => {
  it('has a field per input except the ones the engine supplies', () => {
    const fields = paramFields(inputSchema, bindings, ['password']);
    expect(fields.map((field) => field.name)).toEqual(['name', 'ip', 'cores', 'os', 'tags', 'password']);
    expect(fields[0]).toMatchObject({ required: true, resolver: 'naming', secret: false });
    expect(fields[5]).toMatchObject({ resolver: 'secret', secret: true });
  });

  it('prefills defaults, and samples of what resolvers would give', () => {
    expect(initialParamTexts(inputSchema, bindings, 'Web VM')).toEqual({
      name: 'web-vm-01',
      ip: '10.10.0.10',
      cores: '2',
      os: 'debian',
      tags: '',
      password: 'try-it-not-a-real-secret',
    });
  });

  it('samples subnets with their prefix and images by OS', () => {
    expect(sampleResolvedValue({ resolver: 'ipam', allocate: 'subnet', prefix: 26 }, { type: 'string' }, 'x')).toBe('10.10.0.0/26');
    expect(sampleResolvedValue({ resolver: 'ipam', allocate: 'address' }, { type: 'string', format: 'ipv6' }, 'x')).toBe('fd00:10::10');
    expect(sampleResolvedValue({ resolver: 'ipam', allocate: 'gateway' }, { type: 'string', format: 'ipv4' }, 'x')).toBe('10.10.0.1');
    expect(sampleResolvedValue({ resolver: 'naming', output: 'domain' }, { type: 'string' }, 'x')).toBe('example.internal');
    expect(sampleResolvedValue({ resolver: 'image_catalog', osFamily: 'debian', osVersion: '12' }, {}, 'x')).toBe('debian-12');
    expect(sampleResolvedValue(undefined, {}, 'x')).toBeNull();
  });

  it('reads the fields by type and leaves empty optional ones out', () => {
    const fields = paramFields(inputSchema, bindings, []);
    expect(readParams(fields, { name: 'web', ip: '10.0.0.1', cores: '4', os: 'ubuntu', tags: '["a"]', password: '' })).toEqual({
      params: { name: 'web', ip: '10.0.0.1', cores: 4, os: 'ubuntu', tags: ['a'] },
      errors: {},
    });
  });

  it('says which fields to correct', () => {
    const fields = paramFields(inputSchema, bindings, []);
    expect(readParams(fields, { name: '', ip: '10.0.0.1', cores: 'many', os: 'arch' }).errors).toEqual({
      name: 'Required: enter a value.',
      cores: 'Expected a whole number.',
      os: 'Must be one of "debian", "ubuntu".',
    });
  });
});

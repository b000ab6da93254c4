import { describe, expect, it } from 'vitest';
import { fieldPlaceholder, fieldProblem, fieldText, parseFieldInput, schemaToFields, type FormField } from './form-fields';

const vm = {
  type: 'object',
  required: ['name', 'ip_address'],
  properties: {
    name: { type: 'string', format: 'hostname', pattern: '^[a-z0-9-]+$', maxLength: 10, description: 'Machine name' },
    ip_address: { type: 'string', format: 'ipv4' },
    cores: { type: 'integer', minimum: 1, maximum: 64, default: 1 },
    ratio: { type: 'number', exclusiveMinimum: 0 },
    tier: { enum: ['gold', 'silver'] },
    enabled: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string' } },
    password: { type: 'string', writeOnly: true },
  },
};

const fields = schemaToFields(vm, { bindings: { name: { resolver: 'naming' }, ip_address: { resolver: 'ipam' } }, secretInputs: [] });
const field = (key: string): FormField => {
  const found = fields.find((entry) => entry.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('schemaToFields', () => {
  it('makes one field per property with its widget, required mark, default, help and binding', () => {
    expect(fields.map((entry) => [entry.key, entry.widget])).toEqual([
      ['name', 'string'],
      ['ip_address', 'string'],
      ['cores', 'integer'],
      ['ratio', 'number'],
      ['tier', 'enum'],
      ['enabled', 'boolean'],
      ['tags', 'json'],
      ['password', 'string'],
    ]);
    expect(field('name')).toMatchObject({
      required: true,
      description: 'Machine name',
      resolver: 'naming',
      typeLabel: 'string (hostname)',
    });
    expect(field('cores')).toMatchObject({ required: false, hasDefault: true, defaultValue: 1, resolver: null });
    expect(field('tier').options).toEqual(['gold', 'silver']);
    expect(field('password').secret).toBe(true);
    expect(schemaToFields({})).toEqual([]);
  });
});

describe('parseFieldInput', () => {
  it('reads each widget, treating an empty control as unset', () => {
    expect(parseFieldInput(field('cores'), '')).toEqual({ kind: 'unset' });
    expect(parseFieldInput(field('cores'), ' 4 ')).toEqual({ kind: 'value', value: 4 });
    expect(parseFieldInput(field('cores'), '1.5')).toEqual({ kind: 'error', message: 'must be a whole number' });
    expect(parseFieldInput(field('ratio'), '0.25')).toEqual({ kind: 'value', value: 0.25 });
    expect(parseFieldInput(field('enabled'), 'false')).toEqual({ kind: 'value', value: false });
    expect(parseFieldInput(field('tier'), '"gold"')).toEqual({ kind: 'value', value: 'gold' });
    expect(parseFieldInput(field('tags'), '["a"]')).toEqual({ kind: 'value', value: ['a'] });
    expect(parseFieldInput(field('tags'), '[a')).toEqual({ kind: 'error', message: 'must be valid JSON' });
    expect(parseFieldInput(field('name'), 'web')).toEqual({ kind: 'value', value: 'web' });
  });

  it('round-trips with fieldText', () => {
    for (const [key, value] of [
      ['cores', 3],
      ['tier', 'silver'],
      ['tags', ['x']],
      ['name', 'db'],
    ] as const) {
      expect(parseFieldInput(field(key), fieldText(field(key), value))).toEqual({ kind: 'value', value });
    }
    expect(fieldText(field('cores'), undefined)).toBe('');
  });
});

describe('fieldProblem', () => {
  it('checks type, bounds, lengths, pattern, enum and formats', () => {
    expect(fieldProblem(field('cores'), 0)).toBe('must be ≥ 1');
    expect(fieldProblem(field('cores'), 65)).toBe('must be ≤ 64');
    expect(fieldProblem(field('cores'), 2)).toBeNull();
    expect(fieldProblem(field('cores'), '2')).toBe('must be integer');
    expect(fieldProblem(field('ratio'), 0)).toBe('must be > 0');
    expect(fieldProblem(field('name'), 'a-very-long-name')).toBe('must be at most 10 characters');
    expect(fieldProblem(field('name'), 'Web')).toBe('must match ^[a-z0-9-]+$');
    expect(fieldProblem(field('ip_address'), '10.0.0.300')).toBe('must be an IPv4 address');
    expect(fieldProblem(field('ip_address'), '10.0.0.3')).toBeNull();
    expect(fieldProblem(field('tier'), 'bronze')).toBe('must be one of gold, silver');
  });
});

describe('fieldPlaceholder', () => {
  it('prefers the plan preview, then the default, then the resolver', () => {
    expect(fieldPlaceholder(field('ip_address'), { value: '10.0.0.7' })).toBe('10.0.0.7');
    expect(fieldPlaceholder(field('ip_address'))).toBe('from ipam');
    expect(fieldPlaceholder(field('ip_address'), { value: null, pending: true })).toBe('from ipam');
    expect(fieldPlaceholder(field('cores'))).toBe('1');
    expect(fieldPlaceholder(field('ratio'))).toBe('');
  });
});

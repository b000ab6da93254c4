import { describe, expect, it } from 'vitest';
import {
  addParameter,
  parameterNameProblem,
  parameterRows,
  parseDefault,
  removeParameter,
  renameParameter,
  updateParameter,
} from './parameter-schema';

const schema = {
  type: 'object',
  properties: {
    zone: { type: 'string', default: 'ha.internal', description: 'DNS zone' },
    cores: { type: 'integer', minimum: 1, default: 1 },
  },
  required: ['zone'],
};

describe('parameter schema', () => {
  it('lists parameters as rows', () => {
    expect(parameterRows(schema)).toEqual([
      { name: 'zone', type: 'string', defaultText: 'ha.internal', description: 'DNS zone', required: true },
      { name: 'cores', type: 'integer', defaultText: '1', description: '', required: false },
    ]);
  });

  it('parses defaults by type', () => {
    expect(parseDefault('integer', '2')).toEqual({ value: 2 });
    expect(parseDefault('integer', '2.5')).toEqual({ error: 'Expected a whole number.' });
    expect(parseDefault('number', 'x')).toEqual({ error: 'Expected a number.' });
    expect(parseDefault('boolean', 'true')).toEqual({ value: true });
    expect(parseDefault('string', '')).toBeNull();
  });

  it('adds, renames (keeping required and other keywords) and removes', () => {
    const renamed = renameParameter(addParameter(schema, 'size'), 'zone', 'domain');
    expect(Object.keys(renamed['properties'] as object)).toEqual(['domain', 'cores', 'size']);
    expect(renamed['required']).toEqual(['domain']);
    const removed = removeParameter(renamed, 'domain');
    expect(removed).not.toHaveProperty('required');
  });

  it('changes type (dropping a default that no longer fits), default, description and required', () => {
    let next = updateParameter(schema, 'cores', { type: 'boolean' });
    expect((next['properties'] as Record<string, object>)['cores']).toEqual({ type: 'boolean', minimum: 1 });
    next = updateParameter(schema, 'cores', { type: 'number', description: 'vCPUs', required: true });
    expect((next['properties'] as Record<string, object>)['cores']).toEqual({
      type: 'number',
      minimum: 1,
      default: 1,
      description: 'vCPUs',
    });
    expect(next['required']).toEqual(['zone', 'cores']);
    next = updateParameter(next, 'cores', { default: undefined, description: '' });
    expect((next['properties'] as Record<string, object>)['cores']).toEqual({ type: 'number', minimum: 1 });
  });

  it('accepts names expressions can read as params.<name>', () => {
    expect(parameterNameProblem(schema, 'zone', 'web_cores')).toBeNull();
    expect(parameterNameProblem(schema, 'zone', 'web-cores')).toMatch(/letters/);
    expect(parameterNameProblem(schema, 'zone', 'cores')).toMatch(/already/);
  });
});

import { describe, expect, it } from 'vitest';
import { collectValues, describeProblems, fieldsOf } from './schema-form';

const parameters = {
  type: 'object',
  required: ['zone', 'owner'],
  properties: {
    zone: { type: 'string', default: 'ha.internal', description: 'DNS zone of the site' },
    web_cores: { type: 'integer', minimum: 1, maximum: 8, default: 1 },
    owner: { type: 'string', minLength: 2 },
    tier: { enum: ['gold', 'silver'] },
    verbose: { type: 'boolean' },
    tags: { type: 'array' },
  },
};

describe('schema form', () => {
  it('makes one field per property with the widget for its type', () => {
    const fields = fieldsOf(parameters);
    expect(fields.map((field) => [field.key, field.widget, field.required])).toEqual([
      ['zone', 'string', true],
      ['web_cores', 'integer', false],
      ['owner', 'string', true],
      ['tier', 'enum', false],
      ['verbose', 'boolean', false],
      ['tags', 'json', false],
    ]);
    expect(fieldsOf(undefined)).toEqual([]);
    expect(fieldsOf({ type: 'object' })).toEqual([]);
  });

  it('leaves empty controls unset, parses the rest by widget and asks for required fields without a default', () => {
    const fields = fieldsOf(parameters);
    const collected = collectValues(fields, { web_cores: '4', owner: 'ops', tier: '"gold"', verbose: 'true', tags: '["a"]' });
    expect(collected).toEqual({ values: { web_cores: 4, owner: 'ops', tier: 'gold', verbose: true, tags: ['a'] }, problems: {} });
    expect(collectValues(fields, {}).problems).toEqual({ owner: 'required' });
  });

  it('reports values the schema refuses and text that does not parse', () => {
    const fields = fieldsOf(parameters);
    const { values, problems } = collectValues(fields, { web_cores: '9', owner: 'o', tags: '[oops' });
    expect(values).toEqual({});
    expect(problems).toEqual({ web_cores: 'must be ≤ 8', owner: 'must be at least 2 characters', tags: 'must be valid JSON' });
    expect(describeProblems(problems)).toBe('web_cores: must be ≤ 8; owner: must be at least 2 characters; tags: must be valid JSON');
    expect(describeProblems({})).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { checkContractSchema, compileValidator, propertyTypes } from './json-schema.js';

const input = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    cores: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
    ip_address: { type: 'string', format: 'ipv4' },
  },
  required: ['name'],
  additionalProperties: false,
};

describe('checkContractSchema', () => {
  it('accepts a 2020-12 object schema', () => {
    expect(checkContractSchema(input, 'input_schema')).toBe(input);
  });

  it('names the JSON pointer of a broken schema', () => {
    expect(() => checkContractSchema({ type: 'object', properties: { cores: { type: 'int' } } }, 'input_schema')).toThrow(
      /input_schema is not a valid JSON Schema: \/properties\/cores\/type/,
    );
    expect(() => checkContractSchema({ type: 'object', properties: { a: { minimum: 'one' } } }, 'output_schema')).toThrow(/\/properties\/a\/minimum must be number/);
  });

  it('refuses what is not an object schema', () => {
    expect(() => checkContractSchema([], 'input_schema')).toThrow(/must be an object/);
    expect(() => checkContractSchema({ type: 'string' }, 'input_schema')).toThrow(/\/type must be "object"/);
    expect(() => checkContractSchema({ type: 'object', properties: { a: { type: 'string', frobnicate: true } } }, 'input_schema')).toThrow(/unknown keyword/);
  });
});

describe('compileValidator', () => {
  it('reports value errors with pointers', () => {
    const validate = compileValidator(input);
    expect(validate({ name: 'web', cores: 4, ip_address: '10.0.0.2' })).toEqual([]);
    expect(validate({ cores: 0, ip_address: '10.0.0' })).toEqual(
      expect.arrayContaining([
        { path: '/', message: "must have required property 'name'", missing: 'name' },
        { path: '/cores', message: 'must be >= 1' },
        { path: '/ip_address', message: 'must match format "ipv4"' },
      ]),
    );
  });

  it('reads declared property types', () => {
    expect(propertyTypes(input, 'cores')).toEqual(['integer']);
    expect(propertyTypes(input, 'missing')).toBeNull();
  });
});

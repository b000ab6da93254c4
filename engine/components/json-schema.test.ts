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
    expect(() => checkContractSchema({ type: 'object', properties: { a: { minimum: 'one' } } }, 'output_schema')).toThrow(
      /\/properties\/a\/minimum must be number/,
    );
  });

  it('names the contract in its details when told which one it checks', () => {
    for (const broken of [
      [],
      { type: 'string' },
      { type: 'object', properties: { cores: { type: 'int' } } },
      { type: 'object', properties: { a: { type: 'string', pattern: '(a)\\1' } } },
    ]) {
      expect(() => checkContractSchema(broken, 'output_schema', 'outputSchema')).toThrow(
        expect.objectContaining({ code: 'invalid_schema', details: expect.objectContaining({ schema: 'outputSchema' }) }),
      );
    }
  });

  it('refuses what is not an object schema', () => {
    expect(() => checkContractSchema([], 'input_schema')).toThrow(/must be an object/);
    expect(() => checkContractSchema({ type: 'string' }, 'input_schema')).toThrow(/\/type must be "object"/);
    expect(() => checkContractSchema({ type: 'object', properties: { a: { type: 'string', frobnicate: true } } }, 'input_schema')).toThrow(
      /unknown keyword/,
    );
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

describe('patterns and defaults in contracts', () => {
  it('matches a catastrophic pattern in linear time', () => {
    const validate = compileValidator({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } });
    const started = performance.now();
    expect(validate({ name: `${'a'.repeat(50_000)}!` })).toEqual([{ path: '/name', message: 'must match pattern "^(a+)+$"' }]);
    expect(validate({ name: 'aaaa' })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps JavaScript escapes working and patternProperties on the same engine', () => {
    const validate = compileValidator({
      type: 'object',
      properties: { tag: { type: 'string', pattern: '^\\u0041\\d+\\/x$' } },
      patternProperties: { '^(x+x+)+y$': { type: 'number' } },
    });
    expect(validate({ tag: 'A12/x' })).toEqual([]);
    expect(validate({ tag: 'B12/x' })).toHaveLength(1);
    expect(validate({ [`${'x'.repeat(30_000)}y`]: 'not a number' })).toHaveLength(1);
  });

  it('refuses a pattern the linear-time engine cannot run, naming where it is', () => {
    expect(() => checkContractSchema({ type: 'object', properties: { a: { type: 'string', pattern: '(a)\\1' } } }, 'input_schema')).toThrow(
      /input_schema is not a valid JSON Schema: \/properties\/a\/pattern .*pattern "\(a\)\\\\1" cannot be used: invalid escape sequence/,
    );
    expect(() => checkContractSchema({ type: 'object', patternProperties: { '^(?=x)': {} } }, 'input_schema')).toThrow(
      /\/patternProperties\/\^\(\?=x\).*look-around/,
    );
  });

  it('refuses a default that does not match its own schema, naming the input', () => {
    expect(() =>
      checkContractSchema({ type: 'object', properties: { cores: { type: 'integer', default: 'four' } } }, 'input_schema'),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_default',
        details: expect.objectContaining({ input: 'cores' }),
        message: 'input_schema: the default of cores ("four") does not match its own schema: must be integer',
      }),
    );
    expect(() =>
      checkContractSchema(
        { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$', default: 'x'.repeat(500) + 'A' } } },
        'stack parameters',
      ),
    ).toThrow(/default of name \("x{59}…" \(501 characters\)\)/);
    expect(() =>
      checkContractSchema(
        { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer', minimum: 1, default: 1 } } },
        'input_schema',
      ),
    ).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { locateDraftProblem, propertyOfPointer } from './draft-problem';

describe('placing a refused save in the editor', () => {
  it('places an invalid schema at the property of its JSON pointer', () => {
    const error = new ApiError(
      'invalid_schema',
      'input_schema is not a valid JSON Schema: /properties/cores/type must be equal to one of the allowed values',
      {
        issues: [{ path: '/properties/cores/type', message: 'must be equal to one of the allowed values' }],
        schema: 'inputSchema',
      },
    );
    expect(locateDraftProblem(error)).toEqual({
      area: 'inputs',
      property: 'cores',
      pointer: '/properties/cores/type',
      message: error.message,
    });
    const output = new ApiError('invalid_schema', 'output_schema is not a valid JSON Schema: /type must be "object"', {
      issues: [{ path: '/type', message: 'must be "object"' }],
      schema: 'outputSchema',
    });
    expect(locateDraftProblem(output)).toMatchObject({ area: 'outputs', property: null, pointer: '/type' });
  });

  it('unescapes pointer segments', () => {
    expect(propertyOfPointer('/properties/a~1b~0c/minimum')).toBe('a/b~c');
    expect(propertyOfPointer('/required/0')).toBeNull();
  });

  it('places binding errors at their input', () => {
    const error = new ApiError(
      'binding_type_mismatch',
      'resolver_bindings.cores: naming (a name) produces a string, but cores is declared as integer',
      { input: 'cores' },
    );
    expect(locateDraftProblem(error)).toMatchObject({ area: 'bindings', property: 'cores' });
    expect(locateDraftProblem(new ApiError('binding_incomplete', 'needs a prefix', { input: 'net' }))).toMatchObject({
      area: 'bindings',
      property: 'net',
    });
  });

  it('places invalid bindings and content by their field paths', () => {
    const bindings = new ApiError('invalid_input', 'Invalid resolver_bindings — net.prefix: Too big', {
      issues: [{ path: 'net.prefix', message: 'Too big' }],
      field: 'resolverBindings',
    });
    expect(locateDraftProblem(bindings)).toMatchObject({ area: 'bindings', property: 'net' });
    const code = new ApiError('invalid_input', 'Invalid component — code: must be at most 1 MiB', {
      issues: [{ path: 'code', message: 'must be at most 1 MiB' }],
    });
    expect(locateDraftProblem(code)).toMatchObject({ area: 'code', property: null });
    const secret = new ApiError('invalid_input', 'secretInputs names pwd, which is not an input', { input: 'pwd' });
    expect(locateDraftProblem(secret)).toMatchObject({ area: 'inputs', property: 'pwd' });
  });

  it('goes by code and details, not by the wording of the message', () => {
    const bindings = new ApiError('invalid_input', 'Ungültige Bindungen', {
      issues: [{ path: 'net.prefix', message: 'Too big' }],
      field: 'resolverBindings',
    });
    expect(locateDraftProblem(bindings)).toMatchObject({ area: 'bindings', property: 'net' });
    const worded = new ApiError('invalid_input', 'Invalid resolver_bindings — net.prefix: Too big', {
      issues: [{ path: 'net.prefix', message: 'Too big' }],
    });
    expect(locateDraftProblem(worded)).toBeNull();
    const schema = new ApiError('invalid_schema', 'input_schema is not a valid JSON Schema: /type must be "object"', {
      issues: [{ path: '/type', message: 'must be "object"' }],
      schema: 'outputSchema',
    });
    expect(locateDraftProblem(schema)).toMatchObject({ area: 'outputs' });
  });

  it('leaves conflicts and transport failures to the caller', () => {
    expect(locateDraftProblem(new ApiError('revision_conflict', 'changed elsewhere', { actual: 3 }))).toBeNull();
    expect(locateDraftProblem(new Error('socket closed'))).toBeNull();
  });
});

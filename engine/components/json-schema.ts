/**
 * JSON Schema (2020-12) for component contracts, through Ajv: the only module importing it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { NimbusError, type FieldIssue } from '../errors.js';
import { excerpt } from '../text/excerpt.js';
import { declaredTypes } from '../common/wire-compatibility.js';
import { ajvLinearRegExp, compileLinear, type PatternError } from '../text/linear-regexp.js';

// ajv-formats is CommonJS; under NodeNext its function is the module's `default`.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

export type JsonSchema = Record<string, unknown>;

/** A contract that is not a usable JSON Schema; `details.issues` carries JSON pointers. */
export class SchemaError extends NimbusError {
  override name = 'SchemaError';
  constructor(what: string, issues: FieldIssue[], schema?: ContractField) {
    const first = issues[0];
    super('invalid_schema', `${what} is not a valid JSON Schema: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`, {
      issues,
      ...(schema ? { schema } : {}),
    });
  }
}

/** Which contract of a component a schema is: sent as `details.schema`, so an editor can point at it without reading the message. */
export type ContractField = 'inputSchema' | 'outputSchema';

function createAjv(): Ajv2020 {
  // `pattern` and `patternProperties` run on a linear-time engine: a contract's pattern cannot freeze us.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, useDefaults: false, code: { regExp: ajvLinearRegExp } });
  addFormats(ajv);
  // Contract annotations used by the UI.
  ajv.addKeyword({ keyword: 'x-nimbus-semantic', schemaType: 'string' });
  return ajv;
}

/** Made on first use: building an Ajv instance compiles the meta-schemas, which a command that checks no schema never needs. */
let metaAjvInstance: Ajv2020 | undefined;
const metaAjv = (): Ajv2020 => (metaAjvInstance ??= createAjv());

/** A validation issue; `missing` names the property when the issue is a missing required one. */
export type SchemaIssue = FieldIssue & { missing?: string };

const pointerIssues = (errors: ErrorObject[] | null | undefined): SchemaIssue[] =>
  (errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? 'is invalid',
    ...(error.keyword === 'required' ? { missing: String((error.params as { missingProperty?: unknown }).missingProperty) } : {}),
  }));

/**
 * Checks that `schema` is a 2020-12 JSON Schema describing an object (a component's inputs or
 * outputs are always named properties) and that Ajv can compile it; errors name the JSON pointer.
 */
export function checkContractSchema(schema: unknown, what: string, field?: ContractField): JsonSchema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaError(what, [{ path: '/', message: 'must be an object' }], field);
  }
  if (!metaAjv().validateSchema(schema)) throw new SchemaError(what, pointerIssues(metaAjv().errors), field);
  const record = schema as JsonSchema;
  if (record.type !== 'object')
    throw new SchemaError(what, [{ path: '/type', message: 'must be "object": a contract lists named properties' }], field);
  for (const { pointer, pattern } of patternsIn(record)) {
    try {
      compileLinear(pattern);
    } catch (error) {
      throw new SchemaError(what, [{ path: pointer, message: (error as PatternError).message }], field);
    }
  }
  let validate: (value: unknown) => SchemaIssue[];
  try {
    validate = compileValidator(record);
  } catch (error) {
    throw new SchemaError(what, [{ path: '/', message: (error as Error).message }], field);
  }
  checkDefaults(record, validate, what);
  return record;
}

/**
 * Every property default must satisfy its own schema: a default that does not would pass the editor
 * and fail only at deploy. The defaults are checked together as one value, so `$ref`s and formats work.
 */
function checkDefaults(schema: JsonSchema, validate: (value: unknown) => SchemaIssue[], what: string): void {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (typeof property === 'object' && property !== null && 'default' in property)
      defaults[key] = (property as { default: unknown }).default;
  }
  if (Object.keys(defaults).length === 0) return;
  const issues = validate(defaults).filter((issue) => issue.path !== '/' && issue.missing === undefined);
  if (issues.length === 0) return;
  const located = issues.map((issue) => {
    const key = decodePointerToken(issue.path.split('/')[1] ?? '');
    const inner = issue.path.split('/').slice(2).join('/');
    return {
      key,
      path: `/properties/${issue.path.split('/')[1]}/default${inner ? `/${inner}` : ''}`,
      message: `the default of ${key} (${excerpt(defaults[key])}) does not match its own schema: ${inner ? `/${inner} ` : ''}${issue.message}`,
    };
  });
  const first = located[0]!;
  throw new DefaultMismatchError(
    what,
    first.key,
    first.message,
    located.map(({ path, message }) => ({ path, message })),
  );
}

/** A contract whose default for an input does not satisfy that input's own schema. */
export class DefaultMismatchError extends NimbusError {
  override name = 'DefaultMismatchError';
  constructor(what: string, input: string, message: string, issues: FieldIssue[]) {
    super('invalid_default', `${what}: ${message}`, { input, issues });
  }
}

const decodePointerToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** Every `pattern` and `patternProperties` key in a schema, with its JSON pointer. */
function patternsIn(schema: unknown, pointer = ''): { pointer: string; pattern: string }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: { pointer: string; pattern: string }[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key === 'pattern' && typeof value === 'string' && !Array.isArray(schema)) found.push({ pointer: here, pattern: value });
    if (key === 'patternProperties' && typeof value === 'object' && value !== null)
      for (const source of Object.keys(value)) found.push({ pointer: `${here}/${source}`, pattern: source });
    // Values (defaults, examples) are data, not schemas.
    if (!['default', 'const', 'enum', 'examples'].includes(key)) found.push(...patternsIn(value, here));
  }
  return found;
}

/** Compiled validators by schema text: compiling costs milliseconds, and plans check many nodes of few components. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;
let validatorAjvInstance: Ajv2020 | undefined;
const validatorAjv = (): Ajv2020 => (validatorAjvInstance ??= createAjv());

/** A compiled validator returning issues with JSON pointers into the value (cached per schema). */
export function compileValidator(schema: JsonSchema): (value: unknown) => SchemaIssue[] {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    if (compiled.size >= MAX_COMPILED) {
      // Forget the oldest entry (Map keeps insertion order) and its copy inside Ajv.
      const [oldestKey, oldest] = compiled.entries().next().value as [string, ValidateFunction];
      compiled.delete(oldestKey);
      validatorAjv().removeSchema(oldest.schema as object);
    }
    validate = validatorAjv().compile(structuredClone(schema));
    compiled.set(key, validate);
  }
  const check = validate;
  return (value) => (check(value) ? [] : pointerIssues(check.errors));
}

/** The declared JSON type(s) of a property, for binding and wiring checks. */
export function propertyTypes(schema: JsonSchema, property: string): string[] | null {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const prop = properties?.[property];
  return prop ? declaredTypes(prop) : null;
}

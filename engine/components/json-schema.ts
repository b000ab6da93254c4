/**
 * JSON Schema (2020-12) for component contracts, through Ajv: the only module importing it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { NimbusError, type FieldIssue } from '../errors.js';

// ajv-formats is CommonJS; under NodeNext its function is the module's `default`.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

export type JsonSchema = Record<string, unknown>;

/** A contract that is not a usable JSON Schema; `details.issues` carries JSON pointers. */
export class SchemaError extends NimbusError {
  override name = 'SchemaError';
  constructor(what: string, issues: FieldIssue[]) {
    const first = issues[0];
    super('invalid_schema', `${what} is not a valid JSON Schema: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`, { issues });
  }
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, useDefaults: false });
  addFormats(ajv);
  // Contract annotations used by the UI.
  ajv.addKeyword({ keyword: 'x-nimbus-semantic', schemaType: 'string' });
  return ajv;
}

const metaAjv = createAjv();

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
export function checkContractSchema(schema: unknown, what: string): JsonSchema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaError(what, [{ path: '/', message: 'must be an object' }]);
  }
  if (!metaAjv.validateSchema(schema)) throw new SchemaError(what, pointerIssues(metaAjv.errors));
  const record = schema as JsonSchema;
  if (record.type !== 'object') throw new SchemaError(what, [{ path: '/type', message: 'must be "object": a contract lists named properties' }]);
  try {
    compileValidator(record);
  } catch (error) {
    throw new SchemaError(what, [{ path: '/', message: (error as Error).message }]);
  }
  return record;
}

/** Compiled validators by schema text: compiling costs milliseconds, and plans check many nodes of few components. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;
const validatorAjv = createAjv();

/** A compiled validator returning issues with JSON pointers into the value (cached per schema). */
export function compileValidator(schema: JsonSchema): (value: unknown) => SchemaIssue[] {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    if (compiled.size >= MAX_COMPILED) {
      // Forget the oldest entry (Map keeps insertion order) and its copy inside Ajv.
      const [oldestKey, oldest] = compiled.entries().next().value as [string, ValidateFunction];
      compiled.delete(oldestKey);
      validatorAjv.removeSchema(oldest.schema as object);
    }
    validate = validatorAjv.compile(structuredClone(schema));
    compiled.set(key, validate);
  }
  const check = validate;
  return (value) => (check(value) ? [] : pointerIssues(check.errors));
}

/** The declared JSON type(s) of a property, for binding and wiring checks. */
export function propertyTypes(schema: JsonSchema, property: string): string[] | null {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const prop = properties?.[property];
  if (!prop) return null;
  const type = prop.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

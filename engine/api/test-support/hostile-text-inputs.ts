/**
 * Inputs for every API method with hostile text in every string field: SQL-looking strings (quotes,
 * comments, statement separators, `LIKE` wildcards), built from the method's own input schema so a
 * new method is covered without a list to keep. Values are shaped to pass the schema where they can
 * (an enum keeps its value, a bounded string is cut to fit), so the text reaches the store rather than
 * only the validator.
 */
import { z } from 'zod';
import { contract } from '../contract.js';
import { METHOD_NAMES, type MethodName } from '../methods.js';

/** Strings a careless query would execute or misread. */
export const HOSTILE_TEXTS = [
  "x'); DROP TABLE topologies; --",
  "' OR '1'='1",
  '%_\\',
  '"; DELETE FROM audit_log; --',
  "Robert'); TRUNCATE deployments CASCADE;--",
] as const;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
};

function isText(schema: JsonSchema): boolean {
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  // A string with a pattern (base64, an id) refuses hostile text at the schema; an optional one is left out.
  return type.includes('string') && !schema.enum && schema.format === undefined && schema.pattern === undefined;
}

function instance(schema: JsonSchema, text: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return instance(variant, text);
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      const fitted = text.slice(0, schema.maxLength ?? text.length);
      return fitted.length >= (schema.minLength ?? 0) ? fitted : fitted.padEnd(schema.minLength ?? 0, "'");
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return schema.items ? [instance(schema.items, text)] : [];
    case 'object':
    default: {
      const result: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        // Optional fields are given only when they are text: the point is the text, not a malformed document.
        if (required.has(key) || isText(property)) result[key] = instance(property, text);
      }
      return result;
    }
  }
}

/** Methods whose input holds at least one string: one input per hostile text. */
export function hostileTextInputs(): { method: MethodName; input: unknown }[] {
  const inputs: { method: MethodName; input: unknown }[] = [];
  for (const method of METHOD_NAMES) {
    const schema = z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    if (!JSON.stringify(schema).includes('"string"')) continue;
    for (const text of HOSTILE_TEXTS) inputs.push({ method, input: instance(schema, text) });
  }
  return inputs;
}

import { formatValue } from '../../ui/format-value';
import { RE2JS } from 're2js';

/** The control an input gets in the inspector. */
export type FieldWidget = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'json';

/** One input of a component contract as a form field: what to show and what to check. */
export interface FormField {
  key: string;
  widget: FieldWidget;
  required: boolean;
  description: string | null;
  /** The schema default; `hasDefault` tells an absent default from a `null` one. */
  hasDefault: boolean;
  defaultValue: unknown;
  /** Enum members, for `enum` widgets. */
  options: unknown[];
  /** The resolver that fills the input when nothing else does (`ipam`, `naming`, …). */
  resolver: string | null;
  secret: boolean;
  /** `integer`, `string (ipv4)`: the declared type, for the field's hint. */
  typeLabel: string;
  schema: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function widgetOf(schema: Schema): { widget: FieldWidget; types: string[] } {
  const raw = schema['type'];
  const types = (typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : []).filter(
    (entry): entry is string => typeof entry === 'string',
  );
  if (Array.isArray(schema['enum'])) return { widget: 'enum', types };
  const main = types.find((type) => type !== 'null');
  switch (main) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { widget: main, types };
    default:
      return { widget: 'json', types };
  }
}

/**
 * The inspector's form for a component's input schema: one field per property in declaration order,
 * with the widget for its type (enums as selects), whether it is required, its default, description,
 * resolver binding and whether it holds a secret.
 */
export function schemaToFields(inputSchema: Schema, options: { bindings?: Schema; secretInputs?: readonly string[] } = {}): FormField[] {
  const properties = isRecord(inputSchema['properties']) ? inputSchema['properties'] : {};
  const required = new Set(
    Array.isArray(inputSchema['required']) ? inputSchema['required'].filter((entry): entry is string => typeof entry === 'string') : [],
  );
  const secrets = new Set(options.secretInputs ?? []);
  return Object.entries(properties).map(([key, raw]) => {
    const schema = isRecord(raw) ? raw : {};
    const { widget, types } = widgetOf(schema);
    const binding = options.bindings?.[key];
    const format = typeof schema['format'] === 'string' ? ` (${schema['format']})` : '';
    return {
      key,
      widget,
      required: required.has(key),
      description: typeof schema['description'] === 'string' ? schema['description'] : null,
      hasDefault: 'default' in schema,
      defaultValue: schema['default'],
      options: Array.isArray(schema['enum']) ? schema['enum'] : [],
      resolver: isRecord(binding) && typeof binding['resolver'] === 'string' ? binding['resolver'] : null,
      secret: secrets.has(key) || schema['writeOnly'] === true,
      typeLabel: widget === 'enum' ? 'one of' : `${types.join(' | ') || 'any'}${format}`,
      schema,
    };
  });
}

/** What typing `text` into a field means: clear the value, set one, or a mistake to show. */
export type ParsedInput = { kind: 'unset' } | { kind: 'value'; value: unknown } | { kind: 'error'; message: string };

/** Reads the text of a field's control. An empty control unsets the value, so defaults and resolvers apply again. */
export function parseFieldInput(field: FormField, text: string): ParsedInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'unset' };
  switch (field.widget) {
    case 'integer': {
      const value = Number(trimmed);
      return Number.isInteger(value) ? { kind: 'value', value } : { kind: 'error', message: 'must be a whole number' };
    }
    case 'number': {
      const value = Number(trimmed);
      return Number.isFinite(value) ? { kind: 'value', value } : { kind: 'error', message: 'must be a number' };
    }
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false'
        ? { kind: 'value', value: trimmed === 'true' }
        : { kind: 'error', message: 'must be true or false' };
    case 'enum': {
      // Enum options are listed by their JSON text, so `1` and `"1"` stay apart.
      const match = field.options.find((option) => JSON.stringify(option) === trimmed);
      return match !== undefined ? { kind: 'value', value: match } : { kind: 'error', message: 'must be one of the listed values' };
    }
    case 'json':
      try {
        return { kind: 'value', value: JSON.parse(trimmed) as unknown };
      } catch {
        return { kind: 'error', message: 'must be valid JSON' };
      }
    case 'string':
      // Keep the value as typed; whitespace may matter (the engine validates it).
      return { kind: 'value', value: text };
  }
}

/** The text a control shows for a value (the inverse of `parseFieldInput`). */
export function fieldText(field: FormField, value: unknown): string {
  if (value === undefined) return '';
  if (field.widget === 'enum') return JSON.stringify(value);
  if (field.widget === 'string' && typeof value === 'string') return value;
  if (field.widget === 'json') return JSON.stringify(value);
  return String(value);
}

/** The placeholder of an empty control: what applies when nothing is set. */
export function fieldPlaceholder(field: FormField, preview?: { value: unknown; pending?: boolean }): string {
  if (preview && !preview.pending && preview.value !== undefined && preview.value !== null) return formatValue(preview.value);
  if (field.hasDefault) return formatValue(field.defaultValue);
  if (field.resolver) return `from ${field.resolver}`;
  return field.required ? 'required' : '';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const num = (schema: Schema, key: string): number | null => (typeof schema[key] === 'number' ? schema[key] : null);

function typeMatches(types: string[], value: unknown): boolean {
  if (types.length === 0) return true;
  return types.some((type) => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isRecord(value);
      default:
        return true;
    }
  });
}

/**
 * The first problem of a value the user set, checked against the field's own schema: type, enum,
 * bounds, lengths, pattern and the `ipv4` / `hostname` formats. A quick, local check for inline
 * messages; the plan's issues (the engine's full validation) are shown beside it.
 */
export function fieldProblem(field: FormField, value: unknown): string | null {
  const { schema } = field;
  const raw = schema['type'];
  const types = (typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : []).filter(
    (entry): entry is string => typeof entry === 'string',
  );
  if (!typeMatches(types, value)) return `must be ${types.join(' or ')}`;
  if (Array.isArray(schema['enum']) && !schema['enum'].some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    return `must be one of ${schema['enum'].map(formatValue).join(', ')}`;
  }
  if (typeof value === 'number') {
    const minimum = num(schema, 'minimum');
    const maximum = num(schema, 'maximum');
    const exclusiveMinimum = num(schema, 'exclusiveMinimum');
    const exclusiveMaximum = num(schema, 'exclusiveMaximum');
    const multipleOf = num(schema, 'multipleOf');
    if (minimum !== null && value < minimum) return `must be ≥ ${minimum}`;
    if (maximum !== null && value > maximum) return `must be ≤ ${maximum}`;
    if (exclusiveMinimum !== null && value <= exclusiveMinimum) return `must be > ${exclusiveMinimum}`;
    if (exclusiveMaximum !== null && value >= exclusiveMaximum) return `must be < ${exclusiveMaximum}`;
    if (multipleOf !== null && multipleOf > 0 && !Number.isInteger(value / multipleOf)) return `must be a multiple of ${multipleOf}`;
  }
  if (typeof value === 'string') {
    const minLength = num(schema, 'minLength');
    const maxLength = num(schema, 'maxLength');
    const length = [...value].length;
    if (minLength !== null && length < minLength) return `must be at least ${minLength} characters`;
    if (maxLength !== null && length > maxLength) return `must be at most ${maxLength} characters`;
    if (typeof schema['pattern'] === 'string') {
      // The engine's linear-time engine (RE2), not RegExp: a pattern like ^(a+)+$ must not freeze the form.
      // A pattern RE2 cannot compile here (a JavaScript-only escape) is left to the engine.
      const matches = compiledPattern(schema['pattern'])?.test(value) ?? null;
      if (matches === false)
        return `must match ${schema['pattern'].length > 60 ? `${schema['pattern'].slice(0, 60)}…` : schema['pattern']}`;
    }
    if (schema['format'] === 'ipv4' && !IPV4.test(value)) return 'must be an IPv4 address';
    if (schema['format'] === 'hostname' && !HOSTNAME.test(value)) return 'must be a host name';
  }
  return null;
}

/** Patterns compiled once per pattern (null when RE2 cannot compile it), not on every render of a field. */
const compiledPatterns = new Map<string, RE2JS | null>();
function compiledPattern(pattern: string): RE2JS | null {
  if (!compiledPatterns.has(pattern)) {
    if (compiledPatterns.size >= 200) compiledPatterns.clear();
    let compiled: RE2JS | null = null;
    try {
      compiled = RE2JS.compile(pattern);
    } catch {
      compiled = null;
    }
    compiledPatterns.set(pattern, compiled);
  }
  return compiledPatterns.get(pattern) ?? null;
}

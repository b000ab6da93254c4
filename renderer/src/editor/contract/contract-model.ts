/**
 * The contract form's model: reads the properties of a JSON Schema contract into rows and applies
 * the form's edits back to the schema. Everything the form does not show (minimum, format, items of
 * items, `additionalProperties`, …) is kept as it was, so the form and the JSON view can be used in
 * turn without losing anything. Pure functions: every edit returns a new schema.
 */

export type JsonSchema = Record<string, unknown>;

/** The types the form offers; `custom` stands for anything it cannot show (unions, `$ref`, `oneOf`). */
export const PROPERTY_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object'] as const;
export type SimpleType = (typeof PROPERTY_TYPES)[number];
export type PropertyType = SimpleType | 'custom';

export interface PropertyRow {
  name: string;
  type: PropertyType;
  /** The type of an array's items, when it is one the form can show. */
  itemsType: PropertyType | null;
  required: boolean;
  /** The default value; `undefined` when there is none. */
  defaultValue: unknown;
  hasDefault: boolean;
  enumValues: unknown[] | null;
  description: string;
  /** The property's whole schema, for what the form does not show. */
  schema: JsonSchema;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const isRecord = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

const isSimpleType = (value: unknown): value is SimpleType =>
  typeof value === 'string' && (PROPERTY_TYPES as readonly string[]).includes(value);

const COMPOSITE_KEYS = ['oneOf', 'anyOf', 'allOf', '$ref', 'const', 'not', 'if'];

/** What the form calls the type of a property schema. */
export function propertyType(schema: unknown): PropertyType {
  if (!isRecord(schema) || COMPOSITE_KEYS.some((key) => key in schema)) return 'custom';
  return isSimpleType(schema['type']) ? schema['type'] : 'custom';
}

export function propertiesOf(schema: JsonSchema): JsonSchema {
  return isRecord(schema['properties']) ? schema['properties'] : {};
}

export function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema['required']) ? schema['required'].filter((entry): entry is string => typeof entry === 'string') : [];
}

/** The rows of the properties table, in declaration order. */
export function readProperties(schema: JsonSchema): PropertyRow[] {
  const required = new Set(requiredOf(schema));
  return Object.entries(propertiesOf(schema)).map(([name, raw]) => {
    const property = isRecord(raw) ? raw : {};
    const type = propertyType(property);
    return {
      name,
      type,
      itemsType: type === 'array' ? (isRecord(property['items']) ? propertyType(property['items']) : null) : null,
      required: required.has(name),
      defaultValue: property['default'],
      hasDefault: 'default' in property,
      enumValues: Array.isArray(property['enum']) ? [...property['enum']] : null,
      description: typeof property['description'] === 'string' ? property['description'] : '',
      schema: property,
    };
  });
}

/**
 * Stable keys for the rows of the properties table, so a row keeps its identity (its focus, its
 * half-typed fields) while its property is renamed. A row's key is the name it had when it first
 * appeared, carried through renames by `carried` (current name → key); a name whose plain key is
 * already taken by a renamed row gets a numbered one.
 */
export function rowKeys(names: readonly string[], carried: ReadonlyMap<string, string>): string[] {
  const taken = new Set(names.flatMap((name) => (carried.has(name) ? [carried.get(name) as string] : [])));
  return names.map((name) => {
    const kept = carried.get(name);
    if (kept !== undefined) return kept;
    let key = name;
    for (let index = 1; taken.has(key); index += 1) key = `${name}~${index}`;
    taken.add(key);
    return key;
  });
}

/** The carried keys after the row keyed `key` was renamed to `to`. */
export function carryRowKey(carried: ReadonlyMap<string, string>, from: string, to: string, key: string): Map<string, string> {
  const next = new Map(carried);
  next.delete(from);
  next.set(to, key);
  return next;
}

/** Property names become config keys and TypeScript members: a letter, then letters, digits and `_`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot name a property of `schema` (other than `current`, when renaming), or null. */
export function checkPropertyName(schema: JsonSchema, name: string, current?: string): string | null {
  if (name.trim() === '') return 'Enter a name.';
  if (!NAME.test(name))
    return 'Use letters, digits and _ only, starting with a letter (it becomes a config key and a TypeScript property).';
  if (name !== current && Object.prototype.hasOwnProperty.call(propertiesOf(schema), name))
    return `There is already a property named ${name}.`;
  return null;
}

/** A name not used yet: `input_1`, `input_2`, … */
export function unusedName(schema: JsonSchema, base: string): string {
  const taken = propertiesOf(schema);
  for (let index = 1; ; index += 1) {
    const name = `${base}_${index}`;
    if (!Object.prototype.hasOwnProperty.call(taken, name)) return name;
  }
}

/** Adds a string property at the end (named `base_N` unless a name is given). */
export function addProperty(schema: JsonSchema, options: { name?: string; base?: string } = {}): { schema: JsonSchema; name: string } {
  const name = options.name ?? unusedName(schema, options.base ?? 'input');
  return { schema: { ...schema, properties: { ...propertiesOf(schema), [name]: { type: 'string' } } }, name };
}

/** Renames a property in place, keeping its position, its schema and whether it is required. */
export function renameProperty(schema: JsonSchema, from: string, to: string): JsonSchema {
  if (from === to) return schema;
  const properties = Object.fromEntries(Object.entries(propertiesOf(schema)).map(([name, value]) => [name === from ? to : name, value]));
  const next: JsonSchema = { ...schema, properties };
  if (Array.isArray(schema['required'])) next['required'] = requiredOf(schema).map((name) => (name === from ? to : name));
  return next;
}

export function removeProperty(schema: JsonSchema, name: string): JsonSchema {
  const properties = Object.fromEntries(Object.entries(propertiesOf(schema)).filter(([key]) => key !== name));
  const next: JsonSchema = { ...schema, properties };
  if (Array.isArray(schema['required'])) {
    const required = requiredOf(schema).filter((entry) => entry !== name);
    if (required.length > 0) next['required'] = required;
    else delete next['required'];
  }
  return next;
}

/** Moves a property one place up (-1) or down (+1); the order is the order of the form and the docs. */
export function moveProperty(schema: JsonSchema, name: string, offset: -1 | 1): JsonSchema {
  const entries = Object.entries(propertiesOf(schema));
  const index = entries.findIndex(([key]) => key === name);
  const target = index + offset;
  if (index < 0 || target < 0 || target >= entries.length) return schema;
  const [moved] = entries.splice(index, 1);
  entries.splice(target, 0, moved!);
  return { ...schema, properties: Object.fromEntries(entries) };
}

export function setRequired(schema: JsonSchema, name: string, required: boolean): JsonSchema {
  const current = requiredOf(schema).filter((entry) => entry !== name);
  // Keep `required` in the order of the properties, so toggling back and forth changes nothing.
  const wanted = new Set(required ? [...current, name] : current);
  const ordered = [
    ...Object.keys(propertiesOf(schema)).filter((key) => wanted.has(key)),
    ...[...wanted].filter((key) => !(key in propertiesOf(schema))),
  ];
  const next: JsonSchema = { ...schema };
  if (ordered.length > 0) next['required'] = ordered;
  else delete next['required'];
  return next;
}

function updatePropertySchema(schema: JsonSchema, name: string, update: (property: JsonSchema) => JsonSchema): JsonSchema {
  const properties = propertiesOf(schema);
  const current = properties[name];
  if (current === undefined) return schema;
  return { ...schema, properties: { ...properties, [name]: update(isRecord(current) ? current : {}) } };
}

/** Whether `value` is a value of `type` (and, for arrays, of `itemsType`). */
export function valueFits(value: unknown, type: PropertyType, itemsType: PropertyType | null = null): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && (itemsType === null || itemsType === 'custom' || value.every((item) => valueFits(item, itemsType)));
    case 'object':
      return isRecord(value);
    case 'custom':
      return true;
  }
}

const STRING_KEYWORDS = ['format', 'pattern', 'minLength', 'maxLength'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const ARRAY_KEYWORDS = ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'];
const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
];

/**
 * Changes the type of a property. Keywords that only mean something for the old type go, and so do a
 * default and enum values that the new type would refuse; the rest of the schema stays.
 */
export function setPropertyType(schema: JsonSchema, name: string, type: SimpleType, itemsType: SimpleType = 'string'): JsonSchema {
  return updatePropertySchema(schema, name, (property) => {
    const next: JsonSchema = { ...property, type };
    for (const key of COMPOSITE_KEYS) delete next[key];
    const drop = (keys: string[]) => keys.forEach((key) => delete next[key]);
    if (type !== 'string') drop(STRING_KEYWORDS);
    if (type !== 'integer' && type !== 'number') drop(NUMBER_KEYWORDS);
    if (type !== 'array') drop(ARRAY_KEYWORDS);
    if (type !== 'object') drop(OBJECT_KEYWORDS);
    if (type === 'array') {
      const items = isRecord(property['items']) && property['type'] === 'array' ? property['items'] : null;
      next['items'] = items && propertyType(items) === itemsType ? items : { type: itemsType };
    }
    const items = type === 'array' ? itemsType : null;
    if ('default' in next && !valueFits(next['default'], type, items)) delete next['default'];
    if (Array.isArray(next['enum'])) {
      const kept = next['enum'].filter((value) => valueFits(value, type, items));
      if (kept.length > 0 && type !== 'array' && type !== 'object') next['enum'] = kept;
      else delete next['enum'];
    }
    return next;
  });
}

/** Sets (or with `undefined`, removes) the default of a property. */
export function setDefault(schema: JsonSchema, name: string, value: unknown): JsonSchema {
  return updatePropertySchema(schema, name, (property) => {
    const next = { ...property };
    if (value === undefined) delete next['default'];
    else next['default'] = value;
    return next;
  });
}

/** Sets (or with null or an empty list, removes) the values a property may take. */
export function setEnum(schema: JsonSchema, name: string, values: unknown[] | null): JsonSchema {
  return updatePropertySchema(schema, name, (property) => {
    const next = { ...property };
    if (values === null || values.length === 0) delete next['enum'];
    else next['enum'] = values;
    return next;
  });
}

export function setDescription(schema: JsonSchema, name: string, description: string): JsonSchema {
  return updatePropertySchema(schema, name, (property) => {
    const next = { ...property };
    if (description.trim() === '') delete next['description'];
    else next['description'] = description;
    return next;
  });
}

const TYPE_WORDS: Record<PropertyType, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a JSON array, e.g. ["a", "b"]',
  object: 'a JSON object, e.g. {"key": "value"}',
  custom: 'a JSON value',
};

/**
 * Reads what a person typed as a value of `type`: text stays text, numbers and booleans are read as
 * such, arrays and objects as JSON. An empty field means "no value" (`undefined`), except for strings
 * where the caller decides.
 */
export function parseValueText(text: string, type: PropertyType, itemsType: PropertyType | null = null): Parsed<unknown> {
  if (type === 'string') return { ok: true, value: text };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const fail = { ok: false as const, message: `Expected ${TYPE_WORDS[type]}.` };
  switch (type) {
    case 'integer':
    case 'number': {
      const value = Number(trimmed);
      if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return fail;
      return type === 'integer' && !Number.isInteger(value) ? fail : { ok: true, value };
    }
    case 'boolean':
      return trimmed === 'true' ? { ok: true, value: true } : trimmed === 'false' ? { ok: true, value: false } : fail;
    default: {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        return fail;
      }
      if (!valueFits(value, type, itemsType))
        return { ok: false, message: itemsType && type === 'array' ? `Expected an array of ${TYPE_WORDS[itemsType]}.` : fail.message };
      return { ok: true, value };
    }
  }
}

/** A value as the form shows it in a text field (the inverse of {@link parseValueText}). */
export function formatValueText(value: unknown, type: PropertyType): string {
  if (value === undefined) return '';
  if (type === 'string' && typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Reads a comma-separated list of allowed values; an empty field removes the restriction. */
export function parseEnumText(text: string, type: PropertyType): Parsed<unknown[] | null> {
  if (text.trim() === '') return { ok: true, value: null };
  if (type === 'array' || type === 'object' || type === 'custom')
    return { ok: false, message: 'Allowed values of this type are edited in the JSON view.' };
  const values: unknown[] = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const parsed = parseValueText(trimmed, type);
    if (!parsed.ok) return { ok: false, message: `${JSON.stringify(trimmed)}: ${parsed.message}` };
    if (!values.includes(parsed.value)) values.push(parsed.value);
  }
  return { ok: true, value: values.length > 0 ? values : null };
}

export function formatEnumText(values: unknown[] | null): string {
  return values ? values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ') : '';
}

/** The JSON view's text of a schema. */
export function formatSchemaJson(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export interface JsonProblem {
  message: string;
  /** 1-based, when the parser said where. */
  line: number | null;
  column: number | null;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/**
 * Reads the JSON view's text back into a schema. Syntax errors say where; a schema the form could
 * not show (not an object, `properties` not an object) is refused with what to change.
 */
export function parseSchemaJson(text: string): { ok: true; schema: JsonSchema } | ({ ok: false } & JsonProblem) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The browser's own JSON parser, not an engine error: its message is the only place it says where.
    const explicit = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const where = explicit
      ? { line: Number(explicit[1]), column: Number(explicit[2]) }
      : position
        ? lineAndColumn(text, Number(position[1]))
        : null;
    const cleaned = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    return { ok: false, message: `Not valid JSON: ${cleaned}`, line: where?.line ?? null, column: where?.column ?? null };
  }
  const fail = (message: string) => ({ ok: false as const, message, line: null, column: null });
  if (!isRecord(value)) return fail('The schema must be a JSON object, e.g. {"type": "object", "properties": {}}.');
  if ('properties' in value && !isRecord(value['properties']))
    return fail('"properties" must be an object mapping each property name to its schema.');
  if ('required' in value && (!Array.isArray(value['required']) || value['required'].some((entry) => typeof entry !== 'string'))) {
    return fail('"required" must be a list of property names.');
  }
  return { ok: true, schema: value };
}

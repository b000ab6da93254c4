/** The stack's parameters as JSON Schema; the form edits the common keywords and keeps any others. */
export type JsonObject = Record<string, unknown>;

export const PARAMETER_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** One parameter as the table shows it. */
export interface ParameterRow {
  name: string;
  type: ParameterType;
  /** The default as typed (JSON-ish text); empty when there is none. */
  defaultText: string;
  description: string;
  required: boolean;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function properties(schema: JsonObject): Record<string, JsonObject> {
  const raw = schema['properties'];
  if (!isObject(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, isObject(value) ? value : {}]));
}

export function requiredNames(schema: JsonObject): string[] {
  const raw = schema['required'];
  return Array.isArray(raw) ? raw.filter((name): name is string => typeof name === 'string') : [];
}

const typeOf = (property: JsonObject): ParameterType => {
  const type = property['type'];
  return PARAMETER_TYPES.includes(type as ParameterType) ? (type as ParameterType) : 'string';
};

const defaultText = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function parameterRows(schema: JsonObject): ParameterRow[] {
  const required = new Set(requiredNames(schema));
  return Object.entries(properties(schema)).map(([name, property]) => ({
    name,
    type: typeOf(property),
    defaultText: defaultText(property['default']),
    description: typeof property['description'] === 'string' ? property['description'] : '',
    required: required.has(name),
  }));
}

/** The default a text means for a type, or an error saying what is expected. */
export function parseDefault(type: ParameterType, text: string): { value: unknown } | { error: string } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (type === 'string') return { value: text };
  if (type === 'boolean')
    return trimmed === 'true' ? { value: true } : trimmed === 'false' ? { value: false } : { error: 'Expected true or false.' };
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return { error: 'Expected a number.' };
  if (type === 'integer' && !Number.isInteger(number)) return { error: 'Expected a whole number.' };
  return { value: number };
}

function withProperties(schema: JsonObject, entries: [string, JsonObject][], required: string[]): JsonObject {
  const next: JsonObject = { ...schema, type: 'object', properties: Object.fromEntries(entries) };
  if (required.length > 0) next['required'] = required;
  else delete next['required'];
  return next;
}

export function addParameter(schema: JsonObject, name: string): JsonObject {
  return withProperties(schema, [...Object.entries(properties(schema)), [name, { type: 'string' }]], requiredNames(schema));
}

export function removeParameter(schema: JsonObject, name: string): JsonObject {
  return withProperties(
    schema,
    Object.entries(properties(schema)).filter(([key]) => key !== name),
    requiredNames(schema).filter((key) => key !== name),
  );
}

export function renameParameter(schema: JsonObject, from: string, to: string): JsonObject {
  return withProperties(
    schema,
    Object.entries(properties(schema)).map(([key, value]) => [key === from ? to : key, value]),
    requiredNames(schema).map((key) => (key === from ? to : key)),
  );
}

/** Changes one parameter; a type change drops a default that no longer fits. */
export function updateParameter(
  schema: JsonObject,
  name: string,
  patch: { type?: ParameterType; default?: unknown; description?: string; required?: boolean },
): JsonObject {
  const entries = Object.entries(properties(schema)).map(([key, property]): [string, JsonObject] => {
    if (key !== name) return [key, property];
    const next: JsonObject = { ...property };
    if (patch.type !== undefined && patch.type !== typeOf(property)) {
      next['type'] = patch.type;
      const kept = parseDefault(patch.type, defaultText(property['default']));
      if (kept && 'value' in kept) next['default'] = kept.value;
      else delete next['default'];
    }
    if ('default' in patch) {
      if (patch.default === undefined) delete next['default'];
      else next['default'] = patch.default;
    }
    if (patch.description !== undefined) {
      if (patch.description === '') delete next['description'];
      else next['description'] = patch.description;
    }
    return [key, next];
  });
  let required = requiredNames(schema);
  if (patch.required === true && !required.includes(name)) required = [...required, name];
  if (patch.required === false) required = required.filter((key) => key !== name);
  return withProperties(schema, entries, required);
}

export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Why `to` cannot name a parameter (it is read as `params.<name>` in expressions), or null. */
export function parameterNameProblem(schema: JsonObject, from: string, to: string): string | null {
  if (!PARAMETER_NAME.test(to)) return 'Use letters, digits and _, starting with a letter (it is read as params.<name>).';
  if (to !== from && to in properties(schema)) return `There is already a parameter ${to}.`;
  return null;
}

import { formatValue } from '../ui/format-value';

/** One input or output of a component contract, as the detail tables show it. */
export interface ContractProperty {
  name: string;
  /** `string (ipv4)`, `integer`, `array of string`, `string | null`. */
  type: string;
  description: string | null;
  /** The schema default as text, or null when there is none. */
  defaultValue: string | null;
  /** `≥ 1`, `≤ 8`, `length ≤ 63`, `pattern ^a$`, `one of a, b`. */
  constraints: string[];
  required: boolean;
  /** The resolver that fills the input at plan time, if any. */
  binding: { resolver: string; summary: string } | null;
  secret: boolean;
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function describeType(schema: Schema): string {
  const raw = schema['type'];
  const types =
    typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((entry): entry is string => typeof entry === 'string') : [];
  const format = typeof schema['format'] === 'string' ? ` (${schema['format']})` : '';
  const items = isRecord(schema['items']) ? schema['items'] : null;
  const named = types.map((type) => (type === 'array' && items ? `array of ${describeType(items)}` : type));
  if (named.length > 0) return `${named.join(' | ')}${format}`;
  if ('const' in schema) return `constant ${formatValue(schema['const'])}`;
  if (Array.isArray(schema['enum'])) return 'enum';
  if (typeof schema['$ref'] === 'string') return schema['$ref'].split('/').pop() ?? 'reference';
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.filter(isRecord).map(describeType).join(' | ') || 'any';
  }
  return 'any';
}

const number = (schema: Schema, key: string): number | null => (typeof schema[key] === 'number' ? schema[key] : null);

function describeConstraints(schema: Schema): string[] {
  const constraints: string[] = [];
  const add = (key: string, label: (value: number) => string) => {
    const value = number(schema, key);
    if (value !== null) constraints.push(label(value));
  };
  add('minimum', (value) => `≥ ${value}`);
  add('exclusiveMinimum', (value) => `> ${value}`);
  add('maximum', (value) => `≤ ${value}`);
  add('exclusiveMaximum', (value) => `< ${value}`);
  add('multipleOf', (value) => `multiple of ${value}`);
  add('minLength', (value) => `length ≥ ${value}`);
  add('maxLength', (value) => `length ≤ ${value}`);
  add('minItems', (value) => `items ≥ ${value}`);
  add('maxItems', (value) => `items ≤ ${value}`);
  if (schema['uniqueItems'] === true) constraints.push('unique items');
  if (typeof schema['pattern'] === 'string') constraints.push(`pattern ${schema['pattern']}`);
  if (Array.isArray(schema['enum'])) constraints.push(`one of ${schema['enum'].map(formatValue).join(', ')}`);
  return constraints;
}

/** What a binding does, in a few words: `address from pool lab`, `subnet /24`, `pattern {env}-{seq}`. */
export function describeBinding(raw: unknown): { resolver: string; summary: string } | null {
  if (!isRecord(raw) || typeof raw['resolver'] !== 'string') return null;
  const resolver = raw['resolver'];
  const text = (key: string) => (typeof raw[key] === 'string' || typeof raw[key] === 'number' ? String(raw[key]) : null);
  const parts: string[] = [];
  switch (resolver) {
    case 'ipam': {
      const prefix = text('prefix');
      const allocate = text('allocate');
      if (allocate === 'subnet') {
        parts.push(`a /${prefix ?? '?'} subnet`, text('pool') ? `from pool ${text('pool')}` : "from the environment's pool");
      } else {
        const where = text('pool') ? `pool ${text('pool')}` : "the wired network's subnet or the environment's pool";
        parts.push(allocate === 'gateway' ? `the gateway of ${where}` : `an address from ${where}`);
      }
      break;
    }
    case 'naming':
      if (text('output') === 'domain') parts.push("the environment's DNS domain");
      else parts.push(text('pattern') ? `name from pattern ${text('pattern')}` : "name from the environment's pattern");
      break;
    case 'image_catalog':
      parts.push(['image for', text('osFamily'), text('osVersion'), text('arch') && `(${text('arch')})`].filter(Boolean).join(' '));
      break;
    case 'secret':
      parts.push(text('length') ? `a ${text('length')}-character secret` : 'a generated secret');
      break;
  }
  return { resolver, summary: `${resolver}: ${parts.join(' ') || 'resolved at plan time'}` };
}

/** The properties of a contract (a JSON Schema object) in declaration order, with what the UI shows of each. */
export function contractProperties(
  schema: Schema,
  options: { bindings?: Schema; secretInputs?: readonly string[] } = {},
): ContractProperty[] {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = new Set(
    Array.isArray(schema['required']) ? schema['required'].filter((entry): entry is string => typeof entry === 'string') : [],
  );
  const secrets = new Set(options.secretInputs ?? []);
  return Object.entries(properties).map(([name, raw]) => {
    const property = isRecord(raw) ? raw : {};
    return {
      name,
      type: describeType(property),
      description: typeof property['description'] === 'string' ? property['description'] : null,
      defaultValue: 'default' in property ? formatValue(property['default']) : null,
      constraints: describeConstraints(property),
      required: required.has(name),
      binding: describeBinding(options.bindings?.[name]),
      secret: secrets.has(name),
    };
  });
}

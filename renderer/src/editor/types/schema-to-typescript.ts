/**
 * Turns a component's JSON Schema contract into TypeScript declarations, so the editor can offer
 * `args.cores` as a completion and flag `args.coers` as an error. Pure: the same schema always gives
 * the same text, and nothing here knows about Monaco.
 */

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as TypeScript accepts it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A JSON value as a TypeScript literal type (`'a'`, `2`, `true`, `null`); objects and arrays widen. */
function literalType(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'unknown[]' : 'Record<string, unknown>';
}

const union = (members: string[]): string => {
  const unique = [...new Set(members)];
  if (unique.length === 0) return 'never';
  if (unique.includes('unknown')) return 'unknown';
  return unique.join(' | ');
};

/** Wraps a union or intersection in parentheses before `[]` is appended to it. */
const arrayOf = (type: string): string => (/[|&]/.test(type) && !/^\{[\s\S]*\}$/.test(type) ? `(${type})[]` : `${type}[]`);

function primitiveType(type: string, schema: Schema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const items = schema['items'];
      return arrayOf(isRecord(items) ? typeOf(items, indent) : 'unknown');
    }
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

/** The TypeScript type of one schema; `indent` is the indentation of the line the type starts on. */
export function typeOf(schema: unknown, indent = ''): string {
  if (schema === true || !isRecord(schema)) return 'unknown';
  if ('const' in schema) return literalType(schema['const']);
  if (Array.isArray(schema['enum'])) return union(schema['enum'].map(literalType));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return union(options.map((option) => typeOf(option, indent)));
  }
  if (Array.isArray(schema['allOf'])) {
    const parts = schema['allOf'].map((part) => typeOf(part, indent)).filter((part) => part !== 'unknown');
    return parts.length === 0 ? 'unknown' : parts.map((part) => (part.includes('|') ? `(${part})` : part)).join(' & ');
  }
  const raw = schema['type'];
  if (typeof raw === 'string') return primitiveType(raw, schema, indent);
  if (Array.isArray(raw))
    return union(raw.filter((entry): entry is string => typeof entry === 'string').map((type) => primitiveType(type, schema, indent)));
  // No type: an object when it lists properties, an array when it has items, else anything.
  if (isRecord(schema['properties'])) return objectType(schema, indent);
  if (isRecord(schema['items'])) return primitiveType('array', schema, indent);
  return 'unknown';
}

/** The doc comment of a property: its description and what else a person should know at a glance. */
export function docComment(schema: unknown, indent: string): string {
  if (!isRecord(schema)) return '';
  const lines: string[] = [];
  if (typeof schema['description'] === 'string' && schema['description'].trim() !== '')
    lines.push(...schema['description'].trim().split(/\r?\n/));
  const tag = (name: string, value: unknown) => lines.push(`@${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  if (schema['type'] === 'integer') lines.push('@integer');
  if (typeof schema['format'] === 'string') tag('format', schema['format']);
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern'] as const) {
    if (key in schema) tag(key, schema[key]);
  }
  if ('default' in schema) tag('default', schema['default']);
  if (schema['deprecated'] === true) lines.push('@deprecated');
  if (lines.length === 0) return '';
  // `*/` inside a description would end the comment early.
  const safe = lines.map((line) => line.replace(/\*\//g, '*\\/'));
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

const requiredNames = (schema: Schema): Set<string> =>
  new Set(Array.isArray(schema['required']) ? schema['required'].filter((entry): entry is string => typeof entry === 'string') : []);

/** The members of an object schema, one per line, each with its doc comment. */
function objectMembers(schema: Schema, indent: string): string[] {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = requiredNames(schema);
  const members = Object.entries(properties).map(
    ([name, property]) =>
      `${docComment(property, indent)}${indent}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, indent)};`,
  );
  const additional = schema['additionalProperties'];
  if (isRecord(additional)) members.push(`${indent}[key: string]: ${union([typeOf(additional, indent), 'undefined'])};`);
  return members;
}

function objectType(schema: Schema, indent: string): string {
  const hasProperties = isRecord(schema['properties']) && Object.keys(schema['properties']).length > 0;
  const additional = schema['additionalProperties'];
  if (!hasProperties) {
    if (isRecord(additional)) return `Record<string, ${typeOf(additional, indent)}>`;
    return additional === false ? 'Record<string, never>' : 'Record<string, unknown>';
  }
  const inner = `${indent}  `;
  return `{\n${objectMembers(schema, inner).join('\n')}\n${indent}}`;
}

/** `interface Name { … }` for an object schema (an empty interface when it has no properties). */
export function interfaceDeclaration(name: string, schema: unknown, description?: string): string {
  const record = isRecord(schema) ? schema : {};
  const members = objectMembers(record, '  ');
  const doc = description ? `/** ${description.replace(/\*\//g, '*\\/')} */\n` : '';
  return members.length === 0 ? `${doc}interface ${name} {}\n` : `${doc}interface ${name} {\n${members.join('\n')}\n}\n`;
}

export interface ComponentTypesOptions {
  /** The component's name, for the doc comments. */
  componentName: string;
  inputSchema: unknown;
  outputSchema: unknown;
  /** Inputs passed as secrets: at run time `args` holds them as secret Outputs, not plain strings. */
  secretInputs?: readonly string[];
}

/**
 * The ambient declarations of one component, for the editor only: `ComponentArgs` (its inputs),
 * `ComponentOutputs` (what it exports) and `args`, the inputs of the run, typed.
 */
export function componentTypesDeclaration({ componentName, inputSchema, outputSchema, secretInputs = [] }: ComponentTypesOptions): string {
  const secrets = secretInputs.map((name) => JSON.stringify(name));
  const argsType = secrets.length
    ? `Readonly<Omit<ComponentArgs, ${secrets.join(' | ')}> & { ${secretInputs.map((name) => `${propertyKey(name)}: import('@pulumi/pulumi').Output<string>`).join('; ')} }>`
    : 'Readonly<ComponentArgs>';
  return [
    '// Generated from the contract of this component; edit the contract, not this file.',
    interfaceDeclaration('ComponentArgs', inputSchema, `Inputs of ${componentName}, from its input schema.`),
    interfaceDeclaration(
      'ComponentOutputs',
      outputSchema,
      `Outputs of ${componentName}, from its output schema: export each one under its name.`,
    ),
    '/**',
    ` * The inputs of this run of ${componentName}, after defaults, resolvers and validation.`,
    ' * Each input is also stack configuration of the same name: `new pulumi.Config().require(name)`.',
    ...(secrets.length ? [' * Secret inputs arrive as secret Outputs, so Pulumi keeps them encrypted in its state.'] : []),
    ' */',
    `declare const args: ${argsType};`,
    '',
  ].join('\n');
}

/**
 * The "Try it" panel's parameters form: one field per input of the contract, prefilled with its
 * default — or, for inputs a resolver fills at plan time, with a sample of what the resolver would
 * give, since nothing is resolved when a program runs under mocks.
 */
import { formatValueText, parseValueText, readProperties, type JsonSchema, type PropertyType } from '../contract/contract-model';

export interface ParamField {
  name: string;
  type: PropertyType;
  itemsType: PropertyType | null;
  required: boolean;
  description: string;
  enumValues: unknown[] | null;
  /** The resolver that fills the input at plan time, if any. */
  resolver: string | null;
  secret: boolean;
}

/** Inputs the engine supplies itself when it runs a local component (never asked for). */
const ENGINE_SUPPLIED = new Set(['localRoot']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function paramFields(inputSchema: JsonSchema, bindings: Record<string, unknown>, secretInputs: readonly string[]): ParamField[] {
  return readProperties(inputSchema)
    .filter((row) => !ENGINE_SUPPLIED.has(row.name))
    .map((row) => {
      const binding = bindings[row.name];
      return {
        name: row.name,
        type: row.type,
        itemsType: row.itemsType,
        required: row.required,
        description: row.description,
        enumValues: row.enumValues,
        resolver: isRecord(binding) && typeof binding['resolver'] === 'string' ? binding['resolver'] : null,
        secret: secretInputs.includes(row.name),
      };
    });
}

/** A DNS label made of the component's name, as a naming resolver would produce. */
function sampleName(componentName: string): string {
  const label =
    componentName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 58) || 'try';
  return `${label}-01`;
}

/** A plausible value of what a resolver would produce for this input. */
export function sampleResolvedValue(binding: unknown, property: unknown, componentName: string): string | null {
  if (!isRecord(binding)) return null;
  const format = isRecord(property) && typeof property['format'] === 'string' ? property['format'] : null;
  switch (binding['resolver']) {
    case 'ipam':
      if (binding['allocate'] === 'subnet')
        return `${format === 'ipv6' ? 'fd00:10::' : '10.10.0.0'}/${typeof binding['prefix'] === 'number' ? binding['prefix'] : 24}`;
      if (binding['allocate'] === 'gateway') return format === 'ipv6' ? 'fd00:10::1' : '10.10.0.1';
      return format === 'ipv6' ? 'fd00:10::10' : '10.10.0.10';
    case 'naming':
      return binding['output'] === 'domain' ? 'example.internal' : sampleName(componentName);
    case 'image_catalog':
      return (
        [binding['osFamily'], binding['osVersion'], binding['arch']].filter((part) => typeof part === 'string' && part !== '').join('-') ||
        'image'
      );
    case 'secret':
      return 'try-it-not-a-real-secret';
    default:
      return null;
  }
}

/** The text of every field before the person types: defaults, then resolver samples, else empty. */
export function initialParamTexts(
  inputSchema: JsonSchema,
  bindings: Record<string, unknown>,
  componentName: string,
): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const row of readProperties(inputSchema)) {
    if (ENGINE_SUPPLIED.has(row.name)) continue;
    if (row.hasDefault) texts[row.name] = formatValueText(row.defaultValue, row.type);
    else texts[row.name] = sampleResolvedValue(bindings[row.name], row.schema, componentName) ?? '';
  }
  return texts;
}

/**
 * The parameters to run with: each field read as its type; empty optional fields are left out so
 * the program sees them unset. `errors` names each field to correct, with what is expected.
 */
export function readParams(
  fields: readonly ParamField[],
  texts: Record<string, string>,
): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = texts[field.name] ?? '';
    if (text.trim() === '' && (field.type !== 'string' || text === '')) {
      if (field.required) errors[field.name] = 'Required: enter a value.';
      continue;
    }
    const parsed = parseValueText(text, field.type, field.itemsType);
    if (!parsed.ok) errors[field.name] = parsed.message;
    else if (field.enumValues && !field.enumValues.some((allowed) => JSON.stringify(allowed) === JSON.stringify(parsed.value))) {
      errors[field.name] = `Must be one of ${field.enumValues.map((value) => JSON.stringify(value)).join(', ')}.`;
    } else if (parsed.value !== undefined) params[field.name] = parsed.value;
  }
  return { params, errors };
}

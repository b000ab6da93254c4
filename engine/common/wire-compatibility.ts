/**
 * Whether a wire can carry a value from one component's output into another's input. The engine
 * refuses such a wire when it validates or resolves a topology, and the planner refuses it while the
 * user drags it; both ask this module, so the canvas never accepts what the engine would refuse.
 */

/** One end of a wire, as a contract (a component's JSON Schema property) declares it. */
export interface WireEnd {
  /** How messages name this end: `network_id` on the canvas, `local-network@1 output network_id` in the engine. */
  label: string;
  /**
   * JSON types the property declares (`[]`: any type). Null when there is no contract to read (an
   * unknown component's dependency port): such an end fits anything.
   */
  types: readonly string[] | null;
  /** JSON Schema `format` (`ipv4`, `hostname`, …), if any. */
  format: string | null;
  /** What the property refers to (see {@link referenceOf}), or null. */
  reference: string | null;
}

/**
 * The kind of object a property names by id: the word before a trailing `_id` (`network_id`,
 * `primary_network_id` → `network`; `machine_id` → `machine`). A bare `id` or `pid` is no reference.
 */
export function referenceOf(name: string): string | null {
  const match = /(?:^|_)([a-z0-9]+)_id$/i.exec(name);
  return match?.[1] ? match[1].toLowerCase() : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON types a property schema declares (`type: 'string'` or `type: ['string', 'null']`); `[]` when it declares none. */
export function declaredTypes(property: unknown): string[] {
  const type = isRecord(property) ? property['type'] : undefined;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  return [];
}

/** The `format` a property schema declares, or null. */
export function declaredFormat(property: unknown): string | null {
  const format = isRecord(property) ? property['format'] : undefined;
  return typeof format === 'string' ? format : null;
}

/** JSON types a value of these types also satisfies: an integer is a number. */
const widen = (types: readonly string[]): string[] => (types.includes('integer') ? [...types, 'number'] : [...types]);

/**
 * Why a wire from `output` into `input` cannot carry a value, or null when it fits. The rule, in order:
 *
 * 1. An end without a contract fits anything: there is nothing to check.
 * 2. Semantic reference: a property named `…<kind>_id` is a reference to a `<kind>`. A reference output
 *    goes only into an input referring to the same kind (`network_id` into `network_id` or
 *    `primary_network_id`), and a reference input takes only such an output: a network id never lands
 *    in a host name, though both are strings.
 * 3. JSON type: some type the output produces must be one the input expects, an integer counting as a
 *    number. A side that declares no type fits any type.
 * 4. Format: when both sides declare a `format` (`ipv4`, `hostname`), they must be the same one.
 */
export function wireMismatch(output: WireEnd, input: WireEnd): string | null {
  const produced = output.types;
  const expected = input.types;
  if (produced === null || expected === null) return null;
  if (output.reference !== input.reference) {
    if (output.reference && input.reference)
      return `${output.label} refers to a ${output.reference}, but ${input.label} expects a ${input.reference}`;
    if (output.reference) return `${output.label} is a ${output.reference} reference; ${input.label} takes no reference`;
    return `${input.label} takes a ${input.reference} reference (an output named …${input.reference}_id); ${output.label} is not one`;
  }
  if (produced.length > 0 && expected.length > 0 && !widen(produced).some((type) => expected.includes(type))) {
    return `type mismatch: ${output.label} is ${produced.join(' | ')}, but ${input.label} expects ${expected.join(' | ')}`;
  }
  if (output.format && input.format && output.format !== input.format) {
    return `format mismatch: ${output.label} is ${output.format}, but ${input.label} expects ${input.format}`;
  }
  return null;
}

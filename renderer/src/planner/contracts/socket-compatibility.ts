import type { PortSpec } from './port-spec';

/** JSON types a value of these types also satisfies: an integer is a number, as in the engine's `wireProblem`. */
const widen = (types: readonly string[]): string[] => (types.includes('integer') ? [...types, 'number'] : [...types]);

/**
 * Why a wire from `output` into `input` cannot carry a value, or null when it fits. The rule, in order:
 *
 * 1. A port without a contract (an unknown component's dependency port) fits anything: there is
 *    nothing to check, and the engine accepts it too.
 * 2. Semantic reference: a property named `…<kind>_id` is a reference to a `<kind>` (see `referenceOf`).
 *    A reference output goes only into an input referring to the same kind (`network_id` into
 *    `network_id` or `primary_network_id`), and a reference input takes only such an output.
 * 3. JSON type: some type the output produces must be one the input expects, an integer counting as a
 *    number (the engine's `wireProblem` rule). A side that declares no type fits any type.
 * 4. Format: when both sides declare a `format` (`ipv4`, `hostname`), they must be the same one.
 *
 * Rules 2 and 4 are stricter than the engine, which checks only types: they keep a network id out of a
 * host name even though both are strings.
 */
export function wireRefusal(output: PortSpec, input: PortSpec): string | null {
  if (output.types === null || input.types === null) return null;
  if (output.reference !== input.reference) {
    if (output.reference && input.reference) {
      return `${output.key} refers to a ${output.reference}, but ${input.key} expects a ${input.reference}`;
    }
    if (output.reference) return `${output.key} is a ${output.reference} reference; ${input.key} takes no reference`;
    return `${input.key} takes a ${input.reference} reference (an output named …${input.reference}_id); ${output.key} is not one`;
  }
  if (output.types.length > 0 && input.types.length > 0 && !widen(output.types).some((type) => input.types?.includes(type))) {
    return `type mismatch: ${output.key} is ${output.types.join(' | ')}, but ${input.key} expects ${input.types.join(' | ')}`;
  }
  if (output.format && input.format && output.format !== input.format) {
    return `format mismatch: ${output.key} is ${output.format}, but ${input.key} expects ${input.format}`;
  }
  return null;
}

import { declaredFormat, declaredTypes, referenceOf } from '../../../../engine/common/wire-compatibility';

/** One port of a node, as the canvas knows it from the component's contract. */
export interface PortSpec {
  /** The property name, which is also the port key in the document. */
  key: string;
  /**
   * JSON types the property declares (`[]`: any type). Null when there is no contract to read: the
   * generic dependency ports of a node whose component is unknown, or a port only a wire names.
   */
  types: string[] | null;
  /** JSON Schema `format` (`ipv4`, `hostname`, …), if any. */
  format: string | null;
  /** What the property refers to (`network` for `network_id`), or null; see `referenceOf` in the common wire rule. */
  reference: string | null;
  description: string | null;
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The ports of one side of a contract (a JSON Schema object), in declaration order. */
export function portSpecsFromSchema(schema: Schema): PortSpec[] {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  return Object.entries(properties).map(([key, raw]) => {
    const property = isRecord(raw) ? raw : {};
    return {
      key,
      types: declaredTypes(property),
      format: declaredFormat(property),
      reference: referenceOf(key),
      description: typeof property['description'] === 'string' ? property['description'] : null,
    };
  });
}

/** A port without a contract: accepts and offers anything, like the engine for unknown components. */
export function untypedPort(key: string): PortSpec {
  return { key, types: null, format: null, reference: null, description: null };
}

/** `string (ipv4)`, `integer`, `string → network`: what a port carries, for tooltips. */
export function describePort(spec: PortSpec): string {
  if (spec.types === null) return 'dependency (no contract)';
  const type = spec.types.length === 0 ? 'any' : spec.types.join(' | ');
  const format = spec.format ? ` (${spec.format})` : '';
  const reference = spec.reference ? `, a ${spec.reference} reference` : '';
  return `${type}${format}${reference}`;
}

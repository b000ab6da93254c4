import { ImmutableString } from '@automerge/automerge';

/**
 * How one field value is stored in the CRDT document: always as one scalar, so a concurrent edit of
 * the field is one conflict with whole values on each side (never a character-wise merge of two
 * labels, nor x from one move and y from another). Strings are immutable strings (Automerge's default
 * string is collaborative text), numbers, booleans and null are themselves, and objects and arrays
 * (positions, sizes, wire ends, structured parameters) are canonical JSON in bytes.
 */
export type StoredValue = ImmutableString | number | boolean | null | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** JSON with object keys sorted, so equal values always give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The stored form of a field value (see {@link StoredValue}). */
export function encodeValue(value: unknown): StoredValue {
  if (typeof value === 'string') return new ImmutableString(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean' || value === null) return value;
  return encoder.encode(canonicalJson(value) ?? 'null');
}

/** Thrown for a stored value no Nimbus replica writes; the reader turns it into a classified error. */
export class UnreadableValueError extends Error {}

/** The field value a stored one holds; throws {@link UnreadableValueError} for a kind Nimbus never stores. */
export function decodeValue(stored: unknown): unknown {
  if (stored instanceof ImmutableString) return stored.val;
  // Plain text: a peer that wrote collaborative text; its characters are still the value.
  if (typeof stored === 'string') return stored;
  if (typeof stored === 'number' || typeof stored === 'boolean' || stored === null) return stored;
  if (stored instanceof Uint8Array) {
    try {
      return JSON.parse(decoder.decode(stored)) as unknown;
    } catch {
      throw new UnreadableValueError(`${stored.length} bytes that are not JSON text`);
    }
  }
  throw new UnreadableValueError(`a value of type ${describe(stored)}`);
}

/** Whether a stored value already holds `value` (compared canonically), so an unchanged field is not written again. */
export function storesValue(stored: unknown, value: unknown): boolean {
  try {
    return canonicalJson(decodeValue(stored)) === canonicalJson(value);
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'timestamp';
  return typeof value === 'object' ? 'map' : typeof value;
}

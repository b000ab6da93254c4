/** The hash that binds an approval to a plan: sha256 of the plan's canonical JSON. */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so two plans that
 * say the same thing give the same text whatever order their fields were built in. Refuses what JSON
 * cannot say the same way twice (functions, symbols, bigints, cycles).
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (item: unknown): string => {
    if (item === null || typeof item === 'boolean' || typeof item === 'string') return JSON.stringify(item);
    if (typeof item === 'number') return Number.isFinite(item) ? JSON.stringify(item) : 'null';
    if (typeof item !== 'object') throw new TypeError(`A plan cannot hold a ${typeof item}`);
    if (seen.has(item)) throw new TypeError('A plan cannot refer to itself');
    seen.add(item);
    try {
      if (Array.isArray(item)) return `[${item.map((element) => (element === undefined ? 'null' : write(element))).join(',')}]`;
      const entries = Object.entries(item as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && typeof member !== 'function')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${write(member)}`).join(',')}}`;
    } finally {
      seen.delete(item);
    }
  };
  return write(value);
}

/** The plan's hash: lowercase hex sha256 of {@link canonicalJson}. */
export function planHash(plan: unknown): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

import { getConflicts } from '@automerge/automerge';
import type { EntryState } from './document-shape.js';

/**
 * Whether an entry is in the topology. A delete concurrent with an edit leaves both values of
 * `presence`: the entry stays until someone resolves the conflict, so the edit is not lost. Only a
 * tombstone (visible value `false`) needs the conflict lookup, which keeps reading a large document fast.
 */
export function isPresent(entry: EntryState): boolean {
  if (typeof entry.presence === 'number') return true;
  const values = getConflicts(entry, 'presence');
  return values !== undefined && Object.values(values).some((value) => typeof value === 'number');
}

/** The next value of `presence` for an edit of an entry: any new number differs from what is stored. */
export function nextPresence(entry: EntryState | undefined): number {
  if (!entry) return 1;
  const values = getConflicts(entry, 'presence');
  const numbers = [entry.presence, ...Object.values(values ?? {})].filter((value): value is number => typeof value === 'number');
  return numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
}

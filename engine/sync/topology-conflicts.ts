import { diff, getConflicts, getHeads, getObjectId, type Doc, type Patch } from '@automerge/automerge';
import { userOfActor } from './actor-id.js';
import { BOOKKEEPING, COLLECTIONS, type Collection, type EntryState, type TopologyState } from './document-shape.js';
import { isPresent } from './entry-presence.js';
import { decodeValue } from './value-encoding.js';

/**
 * What kind of concurrent edit a conflict is:
 * - `field`: one field (label, position, a parameter, a wire end…) set to different values;
 * - `deleted-while-edited`: deleted on one replica while edited (or wired to) on another; it stays until resolved;
 * - `added-twice`: two replicas added an entry with the same id;
 * - `input-wired-twice`: two wires added into one input; the document keeps the first until resolved.
 */
export type TopologyConflictKind = 'field' | 'deleted-while-edited' | 'added-twice' | 'input-wired-twice';

/** One of the values in a conflict, and who wrote it. */
export interface TopologyConflictValue {
  /** Identifies this value when resolving (the CRDT's operation id, or a wire id for `input-wired-twice`). */
  id: string;
  /** The value: a field's value; `'deleted'` or `'kept'`; an added entry's fields; a wire's `{ id, source }`. */
  value: unknown;
  /** The CRDT actor that wrote it. */
  actor: string;
  /** The Nimbus user id the actor belongs to; undefined for an actor no Nimbus replica made. */
  userId: string | undefined;
}

/** A place in the topology where replicas made concurrent edits and both values were kept. */
export interface TopologyConflict {
  kind: TopologyConflictKind;
  collection: Collection;
  /** The node, wire or frame id (for `input-wired-twice`, the node whose input it is). */
  id: string;
  /** The field: `label`, `position`, `params.cores`, `source`…; for `input-wired-twice`, the input port. Absent for whole entries. */
  field?: string;
  /** Where the conflict is in the document; pass it back to resolve it. */
  path: string[];
  /** Every value, the one currently shown first. */
  values: TopologyConflictValue[];
}

const actorOf = (opId: string) => opId.slice(opId.indexOf('@') + 1);

function valueOf(id: string, value: unknown): TopologyConflictValue {
  const actor = actorOf(id);
  return { id, value, actor, userId: userOfActor(actor) };
}

function safeDecode(value: unknown): unknown {
  try {
    return decodeValue(value);
  } catch {
    return undefined;
  }
}

/** The shown value first, then the others by operation id, so every replica lists them alike. */
function ordered(values: TopologyConflictValue[], shown: unknown): TopologyConflictValue[] {
  const key = JSON.stringify(shown);
  return values.sort((a, b) => Number(JSON.stringify(b.value) === key) - Number(JSON.stringify(a.value) === key) || (a.id < b.id ? -1 : 1));
}

function decodeEntry(entry: unknown): unknown {
  if (entry === null || typeof entry !== 'object') return safeDecode(entry);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
    if (BOOKKEEPING.has(key)) continue;
    fields[key] =
      key === 'params' && value !== null && typeof value === 'object' && !(value instanceof Uint8Array)
        ? Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, safeDecode(inner)]))
        : safeDecode(value);
  }
  return fields;
}

/** The values of one conflicted key, or nothing if it holds one value (or is not a place Nimbus writes). */
function valuesAt(map: unknown, key: string, decode: (value: unknown) => unknown): TopologyConflictValue[] | undefined {
  if (map === null || typeof map !== 'object' || map instanceof Uint8Array) return undefined;
  const conflict = getConflicts(map as Record<string, unknown>, key);
  return conflict ? Object.entries(conflict).map(([opId, value]) => valueOf(opId, decode(value))) : undefined;
}

/** The conflict at one path the CRDT flags, if it is one people should see. */
function conflictAt(state: TopologyState, path: readonly (string | number)[]): TopologyConflict | undefined {
  const [collection, id, field, key] = path as [Collection, string, string?, string?];
  if (!COLLECTIONS.includes(collection) || typeof id !== 'string') return undefined;
  const map = state[collection];
  if (path.length === 2) {
    const values = valuesAt(map, id, decodeEntry);
    return values && { kind: 'added-twice', collection, id, path: [collection, id], values: ordered(values, decodeEntry(map[id])) };
  }
  const entry = Object.hasOwn(map, id) ? map[id]! : undefined;
  if (!entry || typeof field !== 'string') return undefined;
  if (field === 'presence' && path.length === 3) {
    const values = valuesAt(entry, 'presence', (value) => (typeof value === 'number' ? 'kept' : 'deleted'));
    if (!values?.some((value) => value.value === 'deleted') || !values.some((value) => value.value === 'kept')) return undefined;
    return { kind: 'deleted-while-edited', collection, id, path: [collection, id, 'presence'], values: ordered(values, 'kept') };
  }
  if (BOOKKEEPING.has(field) || !isPresent(entry)) return undefined;
  if (path.length === 3) {
    // `params` itself conflicts only when two replicas replaced a node's whole parameter map.
    const values = valuesAt(entry, field, field === 'params' ? decodeEntry : safeDecode);
    const shown = field === 'params' ? decodeEntry(entry.params) : safeDecode(entry[field]);
    return values && { kind: 'field', collection, id, field, path: [collection, id, field], values: ordered(values, shown) };
  }
  if (path.length === 4 && collection === 'nodes' && field === 'params' && typeof key === 'string') {
    const params = entry.params as Record<string, unknown>;
    const values = valuesAt(params, key, safeDecode);
    return (
      values && {
        kind: 'field',
        collection,
        id,
        field: `params.${key}`,
        path: [collection, id, 'params', key],
        values: ordered(values, safeDecode(params[key])),
      }
    );
  }
  return undefined;
}

/** Wires (present, with both ends present) that share a target input: every wire after the first is hidden. */
function inputConflicts(state: TopologyState, into: TopologyConflict[]): void {
  const present = (collection: Collection, id: string) => Object.hasOwn(state[collection], id) && isPresent(state[collection][id]!);
  const byInput = new Map<string, { node: string; port: string; wires: { id: string; order: number; source: unknown; actor: string }[] }>();
  for (const [id, wire] of Object.entries(state.wires)) {
    if (!isPresent(wire)) continue;
    const source = safeDecode(wire.source) as { node?: string } | undefined;
    const target = safeDecode(wire.target) as { node?: string; port?: string } | undefined;
    if (typeof source?.node !== 'string' || typeof target?.node !== 'string' || typeof target.port !== 'string') continue;
    if (!present('nodes', source.node) || !present('nodes', target.node)) continue;
    const key = `${target.node}\u0000${target.port}`;
    const group = byInput.get(key) ?? { node: target.node, port: target.port, wires: [] };
    group.wires.push({ id, order: wire.order, source, actor: '' });
    byInput.set(key, group);
  }
  for (const { node, port, wires } of byInput.values()) {
    if (wires.length < 2) continue;
    // Who made a wire is asked of the CRDT only for wires in conflict (asking costs a lookup each).
    for (const wire of wires) wire.actor = creatorOf(state.wires, wire.id);
    wires.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    into.push({
      kind: 'input-wired-twice',
      collection: 'wires',
      id: node,
      field: port,
      path: ['inputs', node, port],
      values: wires.map((wire) => ({
        id: wire.id,
        value: { id: wire.id, source: wire.source },
        actor: wire.actor,
        userId: userOfActor(wire.actor),
      })),
    });
  }
}

/** The actor that created an entry: its map's object id is the operation that made it (`counter@actor`). */
function creatorOf(map: Record<string, EntryState>, id: string): string {
  const conflicts = getConflicts(map, id);
  const opId = conflicts ? Object.keys(conflicts)[0]! : (getObjectId(map[id]) ?? '');
  return actorOf(opId);
}

/** A place in the document, as the CRDT's patches name it. */
export type DocumentPath = readonly (string | number)[];

/**
 * The paths the CRDT flags as conflicted between two states (`from` empty: the whole document). A
 * merge's diff flags a key that gained a second value whether or not the shown value changed.
 */
export function conflictedPaths(doc: Doc<TopologyState>, from: readonly string[]): Map<string, DocumentPath> {
  return conflictedPathsIn(diff(doc, [...from], getHeads(doc)));
}

/** The paths a change's patches flag as conflicted (see {@link conflictedPaths}). */
export function conflictedPathsIn(patches: readonly Patch[]): Map<string, DocumentPath> {
  const paths = new Map<string, DocumentPath>();
  for (const patch of patches) {
    if (patch.action === 'conflict' || ('conflict' in patch && patch.conflict === true)) paths.set(JSON.stringify(patch.path), patch.path);
  }
  return paths;
}

/**
 * Every conflict in the document: each field with concurrent values (every value with the user who
 * wrote it), each entry deleted on one replica while edited on another, each id added twice, and each
 * input wired twice. Only `candidates` are looked at (see {@link conflictedPaths}); those that no
 * longer conflict (resolved since) are removed from it. Conflicts inside deleted entries are not worth
 * showing and are skipped. `inputsMayConflict` false (the reading hid nothing, so no input has two
 * wires) skips looking at every wire.
 */
export function listConflicts(
  doc: Doc<TopologyState>,
  candidates: Map<string, DocumentPath>,
  inputsMayConflict = true,
): TopologyConflict[] {
  const conflicts: TopologyConflict[] = [];
  for (const [key, path] of candidates) {
    const conflict = conflictAt(doc, path);
    if (conflict) conflicts.push(conflict);
    else if (!isConflicted(doc, path)) candidates.delete(key);
  }
  if (inputsMayConflict) inputConflicts(doc, conflicts);
  const key = (conflict: TopologyConflict) => JSON.stringify(conflict.path);
  return conflicts.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Whether the key at `path` still holds several values (a conflict inside a deleted entry may come back with it). */
function isConflicted(doc: Doc<TopologyState>, path: DocumentPath): boolean {
  let parent: unknown = doc;
  for (const segment of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return false;
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  if (parent === null || typeof parent !== 'object' || parent instanceof Uint8Array) return false;
  return getConflicts(parent as Record<string, unknown>, path.at(-1)!) !== undefined;
}

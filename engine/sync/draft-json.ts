/**
 * How a catalog draft (a component's content, a stack's document: plain JSON) is laid out in a CRDT
 * document, so edits made on several replicas merge field by field:
 *
 * - objects are maps: two replicas editing different fields of one object both keep their edit;
 * - the text fields of a kind (a program's code) are collaborative text: concurrent
 *   edits of different places in one program are both kept, character by character;
 * - lists of objects that each carry a `name` or `id` (a stack's slots, operations) are keyed
 *   lists: a map from that key to the item plus the order, so two replicas editing different items,
 *   or adding items, both keep their edit; the order follows the last writer, with items added
 *   elsewhere after it. A list stays keyed while its items keep their key (two sharing one for a
 *   while, or none left), as re-keying would replace it whole and drop concurrent edits in it;
 * - any other value (numbers, other strings, other lists) is one scalar, so a concurrent edit of it is
 *   a conflict with whole values on each side, which the user resolves.
 *
 * The library stays in this folder; this module knows nothing of components or stacks beyond the
 * text paths its caller names.
 */
import * as Automerge from '@automerge/automerge';
import { decodeValue, encodeValue, storesValue, UnreadableValueError } from './value-encoding.js';

/** Marks a keyed list: the map holds the key field's name here. No JSON draft may use keys starting with NUL. */
export const KEYED_LIST_FIELD = '\u0000list';
/** The order of a keyed list's items, as one scalar (canonical JSON of the keys). */
export const KEYED_ORDER_FIELD = '\u0000order';
const KEY_FIELDS = ['name', 'id'] as const;
/**
 * How deeply a draft may nest objects and lists: far beyond any real contract or stack, and low
 * enough that reading, writing and checking a draft never exhausts the stack.
 */
export const MAX_DRAFT_DEPTH = 100;

/** A path of keys from the document's content (keyed list items by their key). */
export type DraftPath = readonly string[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type AutomergeMap = Record<string, unknown>;

/** Where the draft's collaborative text lives: paths from the content root, e.g. `['code']`. */
export type TextPaths = readonly (readonly string[])[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isMap(value: unknown): value is AutomergeMap {
  return (
    isPlainObject(value) &&
    !(value instanceof Automerge.ImmutableString) &&
    !(value instanceof Date) &&
    !(value instanceof Automerge.Counter)
  );
}

/** A path for messages: keys joined by dots, long paths cut in the middle. */
export function describePath(path: readonly string[]): string {
  const keys = path.map((key) => (/^[\w$-]+$/.test(key) ? key : JSON.stringify(key)));
  const shown = keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 10} more)…`, ...keys.slice(-4)] : keys;
  return shown.length === 0 ? 'the draft' : shown.join('.');
}

function isTextPath(paths: TextPaths, path: DraftPath): boolean {
  return paths.some((candidate) => candidate.length === path.length && candidate.every((key, index) => key === path[index]));
}

/** Whether `key` can be a keyed list's map key: a non-empty string, not reserved (NUL first), nor one the CRDT refuses. */
function usableKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && !key.startsWith('\u0000') && key !== '__proto__';
}

/**
 * The key field a list can be keyed by, if any: every item an object with a usable string in it.
 * `kept` is the field the list is keyed by now: it stays while every item has it, even when two items
 * share a key for a while (a name being typed), since re-keying a list would replace it whole and drop
 * what other replicas edited in it meanwhile. Otherwise a field whose keys are unique comes first.
 */
export function keyFieldOf(list: readonly unknown[], kept?: string): string | undefined {
  if (list.length === 0) return undefined;
  const everyItemHas = (field: string) => list.every((item) => isPlainObject(item) && usableKey(item[field]));
  if (kept !== undefined && everyItemHas(kept)) return kept;
  const unique = (field: string) => new Set(list.map((item) => (item as Record<string, unknown>)[field])).size === list.length;
  return KEY_FIELDS.find((field) => everyItemHas(field) && unique(field)) ?? KEY_FIELDS.find(everyItemHas);
}

/** The map keys of a keyed list's items: their keys, the second and later of a repeated key made distinct (`web`, `web\u00002`). */
function itemKeys(items: readonly Record<string, unknown>[], field: string): string[] {
  const taken = new Set(items.map((item) => item[field] as string));
  const used = new Set<string>();
  return items.map((item) => {
    const key = item[field] as string;
    let candidate = key;
    for (let copy = 2; used.has(candidate) || (candidate !== key && taken.has(candidate)); copy++) candidate = `${key}\u0000${copy}`;
    used.add(candidate);
    return candidate;
  });
}

/**
 * Refuses content a draft document cannot hold faithfully, naming where: keys it reserves (starting
 * with NUL) or that the CRDT refuses (`__proto__`), text that is not Unicode (a lone surrogate would
 * come back as U+FFFD), values JSON has no form for, and nesting deeper than {@link MAX_DRAFT_DEPTH}.
 */
export function assertStorable(value: unknown, path: string[] = []): void {
  if (path.length > MAX_DRAFT_DEPTH)
    throw new RangeError(`${describePath(path)} is nested more than ${MAX_DRAFT_DEPTH} levels deep, more than a draft may be`);
  if (typeof value === 'string') {
    assertUnicode(value, `the text at ${describePath(path)}`);
    return;
  }
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${describePath(path)} is ${value}, which JSON cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorable(item, [...path, String(index)]));
    return;
  }
  const prototype = typeof value === 'object' ? (Object.getPrototypeOf(value) as unknown) : undefined;
  if (prototype !== Object.prototype && prototype !== null)
    throw new RangeError(`${describePath(path)} is ${describeValue(value)}, not a JSON value`);
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const where = describePath([...path, key]);
    if (key.startsWith('\u0000')) throw new RangeError(`the key at ${where} starts with NUL, which drafts reserve`);
    if (key === '__proto__') throw new RangeError(`the key at ${where} is __proto__, which drafts cannot hold`);
    assertUnicode(key, `the key at ${where}`);
    assertStorable(inner, [...path, key]);
  }
}

/** A surrogate not paired with its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertUnicode(text: string, what: string): void {
  const found = LONE_SURROGATE.exec(text);
  if (!found) return;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase();
  throw new RangeError(`${what} holds a lone surrogate (U+${code}) at character ${found.index + 1}, which is not Unicode text`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object of a class';
}

/**
 * Writes `value` over the map `target` (a proxy inside `Automerge.change`) with the fewest changes:
 * unchanged fields are not touched, so they never conflict with another replica's edit.
 */
export function writeMap(doc: AutomergeMap, target: AutomergeMap, value: Record<string, unknown>, path: DraftPath, texts: TextPaths): void {
  for (const key of Object.keys(target)) {
    if (key.startsWith('\u0000')) continue;
    // Own fields only: `constructor` or `toString` are not in the draft just because every object inherits them.
    if (!Object.hasOwn(value, key) || value[key] === undefined) delete target[key];
  }
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    writeField(doc, target, key, inner, [...path, key], texts);
  }
}

/** Writes one field (see {@link writeMap}). */
export function writeField(doc: AutomergeMap, parent: AutomergeMap, key: string, value: unknown, path: DraftPath, texts: TextPaths): void {
  const current = parent[key];
  if (typeof value === 'string' && isTextPath(texts, path)) {
    if (typeof current === 'string') {
      if (current !== value) Automerge.updateText(doc as Automerge.Doc<unknown>, ['content', ...path], value);
    } else {
      parent[key] = value;
    }
    return;
  }
  if (isPlainObject(value)) {
    if (!isMap(current) || KEYED_LIST_FIELD in current) parent[key] = {};
    writeMap(doc, parent[key] as AutomergeMap, value, path, texts);
    return;
  }
  if (Array.isArray(value)) {
    const kept = isMap(current) ? KEY_FIELDS.find((field) => storesValue(current[KEYED_LIST_FIELD], field)) : undefined;
    // An emptied keyed list stays keyed, so items added again elsewhere merge instead of replacing it.
    const field = keyFieldOf(value, kept) ?? (value.length === 0 ? kept : undefined);
    if (field !== undefined) {
      if (!isMap(current) || !storesValue(current[KEYED_LIST_FIELD], field)) {
        parent[key] = { [KEYED_LIST_FIELD]: encodeValue(field) };
      }
      writeKeyedList(doc, parent[key] as AutomergeMap, value as Record<string, unknown>[], field, path, texts);
      return;
    }
  }
  if (current === undefined || isMap(current) || !storesValue(current, value)) parent[key] = encodeValue(value);
}

function writeKeyedList(
  doc: AutomergeMap,
  target: AutomergeMap,
  items: readonly Record<string, unknown>[],
  field: string,
  path: DraftPath,
  texts: TextPaths,
): void {
  const keys = itemKeys(items, field);
  const wanted = new Set(keys);
  for (const key of Object.keys(target)) {
    if (!key.startsWith('\u0000') && !wanted.has(key)) delete target[key];
  }
  for (const [index, item] of items.entries()) {
    const key = keys[index]!;
    if (!isMap(target[key])) target[key] = {};
    writeMap(doc, target[key] as AutomergeMap, item, [...path, key], texts);
  }
  if (!storesValue(target[KEYED_ORDER_FIELD], keys)) target[KEYED_ORDER_FIELD] = encodeValue(keys);
}

/** The JSON a stored map holds (keyed lists back as lists, text as strings); throws on a value Nimbus never writes. */
export function readMap(map: AutomergeMap, path: string[] = []): Record<string, Json> {
  if (path.length > MAX_DRAFT_DEPTH)
    throw new UnreadableValueError(`maps nested more than ${MAX_DRAFT_DEPTH} levels deep at ${describePath(path)}`);
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(map)) {
    if (key.startsWith('\u0000')) continue;
    out[key] = readValue(value, [...path, key]);
  }
  return out;
}

function readValue(value: unknown, path: string[]): Json {
  if (isMap(value)) return KEYED_LIST_FIELD in value ? readKeyedList(value, path) : readMap(value, path);
  if (Array.isArray(value)) throw new UnreadableValueError(`a CRDT list at ${describePath(path)}`);
  if (value instanceof Automerge.Counter) throw new UnreadableValueError(`a counter at ${describePath(path)}`);
  try {
    return decodeValue(value) as Json;
  } catch (error) {
    if (error instanceof UnreadableValueError) throw new UnreadableValueError(`${error.message} at ${describePath(path)}`);
    throw error;
  }
}

/**
 * A keyed list's items in order: the order written last, then items added by other replicas
 * concurrently (not in that order yet), by key; keys of items deleted elsewhere are skipped.
 */
function readKeyedList(map: AutomergeMap, path: string[]): Json[] {
  if (path.length > MAX_DRAFT_DEPTH)
    throw new UnreadableValueError(`maps nested more than ${MAX_DRAFT_DEPTH} levels deep at ${describePath(path)}`);
  const order = map[KEYED_ORDER_FIELD] === undefined ? [] : readValue(map[KEYED_ORDER_FIELD], [...path, 'order']);
  const listed = Array.isArray(order) ? order.filter((key): key is string => typeof key === 'string') : [];
  const present = Object.keys(map).filter((key) => !key.startsWith('\u0000'));
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const key of [...listed, ...present.sort()]) {
    if (seen.has(key) || !present.includes(key)) continue;
    seen.add(key);
    keys.push(key);
  }
  return keys.map((key) => readValue(map[key], [...path, key]));
}

/** One alternative value of a conflicted field: the operation that wrote it and the JSON it holds. */
export interface DraftConflictAlternative {
  /** The operation id (`counter@actor`): what `resolve` is given to keep this value. */
  id: string;
  actor: string;
  value: unknown;
}

/** A field two replicas set concurrently: every value is kept; the one shown now first. */
export interface DraftFieldConflict {
  path: string[];
  values: DraftConflictAlternative[];
}

/**
 * Every conflicted field of the content, found by walking every map (drafts are small). Alternatives
 * that hold equal values are no conflict; nor is a keyed list's order (derived, see `readKeyedList`).
 */
export function findConflicts(content: AutomergeMap, path: string[] = []): DraftFieldConflict[] {
  const found: DraftFieldConflict[] = [];
  for (const [key, value] of Object.entries(content)) {
    if (key.startsWith('\u0000')) continue;
    const alternatives = Automerge.getConflicts(content as Automerge.Doc<AutomergeMap>, key);
    if (alternatives && Object.keys(alternatives).length > 1) {
      const values = Object.entries(alternatives).map(([id, inner]) => ({
        id,
        actor: id.slice(id.indexOf('@') + 1),
        value: readOrRaw(inner),
      }));
      const shown = readOrRaw(value);
      values.sort((a, b) => Number(!sameJson(a.value, shown)) - Number(!sameJson(b.value, shown)) || (a.id < b.id ? -1 : 1));
      if (new Set(values.map((entry) => JSON.stringify(entry.value))).size > 1) found.push({ path: [...path, key], values });
    }
    if (isMap(value)) found.push(...findConflicts(value, [...path, key]));
  }
  return found;
}

function readOrRaw(value: unknown): unknown {
  try {
    return readValue(value, []);
  } catch {
    return null;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

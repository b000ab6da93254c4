import type { TopologyDocument, TopologyFrame, TopologyNode, TopologyWire } from '../api/schemas/topology.js';
import { ValidationError, type FieldIssue } from '../errors.js';
import { type Collection, type EntryState, type NodeState, type TopologyState } from './document-shape.js';
import { isPresent, nextPresence } from './entry-presence.js';
import { canonicalJson, encodeValue, storesValue, type StoredValue } from './value-encoding.js';

type Item = TopologyNode | TopologyWire | TopologyFrame;

/** The scalar fields of one item as stored (see FIELDS); `undefined` means the field is absent. */
function fieldsOf(collection: Collection, item: Item): Record<string, unknown> {
  if (collection === 'nodes') {
    const node = item as TopologyNode;
    return { label: node.label, component: node.component, position: node.position, dependsOn: node.dependsOn };
  }
  if (collection === 'wires') {
    const wire = item as TopologyWire;
    return { source: wire.source, target: wire.target };
  }
  const frame = item as TopologyFrame;
  return { label: frame.label, position: frame.position, size: frame.size };
}

/**
 * The `order` of each item: stored orders where they still follow the new document's order, new
 * items after the last one; when the editor moved items around, their index in the new document.
 */
function ordersFor(items: readonly Item[], current: Record<string, EntryState>): number[] {
  let next = Math.max(-1, ...Object.values(current).map((entry) => (typeof entry.order === 'number' ? entry.order : -1))) + 1;
  const tentative = items.map((item) => {
    const entry = Object.hasOwn(current, item.id) ? current[item.id] : undefined;
    return entry && typeof entry.order === 'number' && isPresent(entry) ? entry.order : next++;
  });
  const increasing = tentative.every((order, index) => index === 0 || order > tentative[index - 1]!);
  return increasing ? tentative : items.map((_item, index) => index);
}

/** The one key the CRDT cannot hold (assigning it would set a prototype). The topology schema already drops it from parameters. */
export const UNSYNCABLE_KEY = '__proto__';

/**
 * Refuses a topology with `__proto__` as an id with `invalid_input`: the CRDT cannot store that key,
 * and writing it anyway would drop the entry without a word.
 */
export function assertSyncable(next: TopologyDocument): void {
  const issues: FieldIssue[] = [];
  const lists: [Collection, readonly Item[]][] = [
    ['nodes', next.nodes],
    ['wires', next.wires],
    ['frames', next.frames ?? []],
  ];
  for (const [collection, items] of lists) {
    items.forEach((item, index) => {
      if (item.id === UNSYNCABLE_KEY)
        issues.push({ path: `${collection}[${index}].id`, message: `${UNSYNCABLE_KEY} cannot be an id in a shared topology` });
    });
  }
  if (issues.length > 0) throw new ValidationError('topology document', issues);
}

/** Each entry of a topology as canonical JSON, by collection and id: what the editor last saw, to skip what it did not change. */
export type TopologyView = Record<Collection, Map<string, string>>;

/** The {@link TopologyView} of a topology document. */
export function viewOf(topology: TopologyDocument): TopologyView {
  const view = (items: readonly Item[]) => new Map(items.map((item) => [item.id, canonicalJson(item)]));
  return { nodes: view(topology.nodes), wires: view(topology.wires), frames: view(topology.frames ?? []) };
}

/**
 * The {@link TopologyView} of `next`, a new version of `seen` (whose view is `seenView`): an item equal
 * to the one `seen` has under its id keeps that one's canonical JSON, so only changed items are
 * serialised again.
 */
export function nextViewOf(next: TopologyDocument, seen: TopologyDocument, seenView: TopologyView): TopologyView {
  const view = (collection: Collection, items: readonly Item[], before: readonly Item[]) => {
    const previous = new Map(before.map((item) => [item.id, item]));
    return new Map(
      items.map((item) => {
        const shown = previous.get(item.id);
        const canonical = shown && sameJson(shown, item) ? seenView[collection].get(item.id) : undefined;
        return [item.id, canonical ?? canonicalJson(item)];
      }),
    );
  };
  return {
    nodes: view('nodes', next.nodes, seen.nodes),
    wires: view('wires', next.wires, seen.wires),
    frames: view('frames', next.frames ?? [], seen.frames ?? []),
  };
}

/** Whether two JSON values serialise alike (keys in any order, absent and undefined alike); false when unsure. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Number.isFinite(a);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => value !== undefined && sameJson(value, b[index]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(left)) {
    if (left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    count += 1;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) count -= 1;
  return count === 0;
}

/**
 * Writes `next` into the document as the smallest set of changes against `current` (the document
 * before the change; `draft` is the same document inside the change): one put per changed field or
 * parameter, a new map per added entry, `presence = false` per removed one. Fields nobody changed are
 * not written, so an edit on another replica to another field of the same node survives the merge.
 *
 * `seen` is what the editor was shown (the document read back before this edit): entries it shows
 * unchanged are skipped without decoding them, and only entries it showed can be deleted, so an
 * entry the reader hides (the second wire into an input, until that conflict is resolved) is never
 * deleted by a save that could not see it. Returns how many entries changed (0: nothing to record).
 */
export function writeTopology(
  current: TopologyState,
  draft: TopologyState,
  next: TopologyDocument,
  seen: TopologyView,
  nextView: TopologyView,
): number {
  let changedEntries = 0;
  const bumped = new Set<string>();
  const endpoints = new Set<string>();
  const lists: Record<Collection, readonly Item[]> = { nodes: next.nodes, wires: next.wires, frames: next.frames ?? [] };

  for (const collection of ['nodes', 'wires', 'frames'] as const) {
    const items = lists[collection];
    const stored = current[collection];
    const target = draft[collection];
    const orders = ordersFor(items, stored);
    const wanted = new Set<string>();
    items.forEach((item, index) => {
      wanted.add(item.id);
      const entry = Object.hasOwn(stored, item.id) ? stored[item.id] : undefined;
      const shown = seen[collection].get(item.id);
      if (entry && shown !== undefined && shown === nextView[collection].get(item.id)) {
        if (entry.order !== orders[index]) target[item.id]!.order = orders[index]!;
        return;
      }
      const fields = fieldsOf(collection, item);
      const params = collection === 'nodes' ? ((item as TopologyNode).params ?? {}) : undefined;
      if (!entry) {
        target[item.id] = newEntry(orders[index]!, fields, params) as NodeState;
        if (collection === 'nodes') bumped.add(item.id);
        changedEntries += 1;
        if (collection === 'wires') noteEndpoints(item as TopologyWire, endpoints);
        return;
      }
      const into = target[item.id]!;
      let changed = !isPresent(entry);
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined) {
          if (field in entry) {
            delete into[field];
            changed = true;
          }
        } else if (!(field in entry) || !storesValue(entry[field], value)) {
          into[field] = encodeValue(value);
          changed = true;
        }
      }
      if (params) changed = writeParams(entry as NodeState, into as NodeState, params) || changed;
      if (entry.order !== orders[index]) into.order = orders[index]!;
      if (changed) {
        into.presence = nextPresence(entry);
        if (collection === 'nodes') bumped.add(item.id);
        if (collection === 'wires') noteEndpoints(item as TopologyWire, endpoints);
        changedEntries += 1;
      }
    });
    for (const id of seen[collection].keys()) {
      const entry = Object.hasOwn(stored, id) ? stored[id] : undefined;
      if (wanted.has(id) || !entry || !isPresent(entry)) continue;
      target[id]!.presence = false;
      changedEntries += 1;
    }
  }

  // A new or re-wired wire edits the nodes at its ends: deleting one of them meanwhile is a conflict, not a lost wire.
  for (const id of endpoints) {
    if (bumped.has(id) || !Object.hasOwn(current.nodes, id)) continue;
    draft.nodes[id]!.presence = nextPresence(current.nodes[id]);
  }
  const listed = next.frames !== undefined;
  if (current.framesListed !== listed) draft.framesListed = listed;
  return changedEntries;
}

function noteEndpoints(wire: TopologyWire, into: Set<string>): void {
  into.add(wire.source.node);
  into.add(wire.target.node);
}

function newEntry(order: number, fields: Record<string, unknown>, params: Record<string, unknown> | undefined): EntryState {
  const entry: EntryState = { order, presence: 1 };
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) entry[field] = encodeValue(value);
  if (params) entry.params = encodeParams(params);
  return entry;
}

function encodeParams(params: Record<string, unknown>): Record<string, StoredValue> {
  const encoded: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) encoded[key] = encodeValue(value);
  return encoded;
}

/** One put per changed parameter, one delete per removed one; true when anything was written. */
function writeParams(entry: NodeState, into: NodeState, params: Record<string, unknown>): boolean {
  const stored = entry.params;
  if (stored === null || typeof stored !== 'object' || stored instanceof Uint8Array) {
    into.params = encodeParams(params);
    return true;
  }
  let changed = false;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(stored, key) || !storesValue(stored[key], value)) {
      into.params[key] = encodeValue(value);
      changed = true;
    }
  }
  for (const key of Object.keys(stored)) {
    if (params[key] === undefined) {
      delete into.params[key];
      changed = true;
    }
  }
  return changed;
}

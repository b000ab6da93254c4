import { getBackend, getObjectId, type Doc } from '@automerge/automerge';
import {
  TOPOLOGY_LIMITS,
  TopologyFrameSchema,
  TopologyNodeSchema,
  TopologyWireSchema,
  type TopologyDocument,
  type TopologyFrame,
  type TopologyNode,
  type TopologyWire,
} from '../api/schemas/topology.js';
import { COLLECTIONS, FIELDS, type Collection } from './document-shape.js';
import { TOPOLOGY_SCHEMA_VERSION } from './read-topology.js';
import { canonicalJson, decodeValue } from './value-encoding.js';
import type { TopologyView } from './write-topology.js';

type Item = TopologyNode | TopologyWire | TopologyFrame;

const SCHEMAS = { nodes: TopologyNodeSchema, wires: TopologyWireSchema, frames: TopologyFrameSchema } as const;
/** The most frames a topology may hold (the topology schema's bound). */
const MAX_FRAMES = 1000;

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);

/** One present entry as stored, decoded (before references to absent nodes are left out). */
interface RawEntry {
  id: string;
  order: number;
  fields: Record<string, unknown>;
}

/** An entry checked by its item schema, with its canonical JSON (the view's value). */
interface ParsedEntry {
  raw: RawEntry;
  /** For nodes: the `dependsOn` the item was parsed with (references to absent nodes left out). */
  dependsOn: readonly unknown[] | undefined;
  item: Item;
  canonical: string;
}

/** Which entries a change touched, and whether it touched anything else at the document's root. */
export interface TouchedEntries {
  entries: Record<Collection, Set<string>>;
  /** `framesListed` was written. */
  framesListed: boolean;
  /** Something else at the root (the schema version, a collection replaced whole): read everything again. */
  root: boolean;
}

/** No entry touched yet. */
export function noEntriesTouched(): TouchedEntries {
  return { entries: { nodes: new Set(), wires: new Set(), frames: new Set() }, framesListed: false, root: false };
}

/** Notes the entry (or root key) a CRDT patch path points at. */
export function noteTouched(touched: TouchedEntries, path: readonly (string | number)[]): void {
  const [head, id] = path;
  if (head === 'framesListed' && path.length === 1) touched.framesListed = true;
  else if (COLLECTIONS.includes(head as Collection) && typeof id === 'string') touched.entries[head as Collection].add(id);
  else touched.root = true;
}

/**
 * A topology read from a CRDT document that can be brought up to date by reading again only the
 * entries a change touched (see {@link TopologyReading.update}). What it holds always equals what
 * `readTopologyView` reads from the same document: the same per-entry decoding, the same entries left
 * out (wires to absent nodes, a second wire into one input, `dependsOn` on absent nodes), and each
 * item checked by the schema the topology schema applies to it, with the checks across items
 * (self-wires, size limits) made here. Anything it cannot read answers `false`, and the caller reads
 * the whole document with `readTopologyView`, which says what is wrong.
 */
export class TopologyReading {
  private raw: Record<Collection, Map<string, RawEntry>> = { nodes: new Map(), wires: new Map(), frames: new Map() };
  private parsed: Record<Collection, Map<string, ParsedEntry>> = { nodes: new Map(), wires: new Map(), frames: new Map() };
  /**
   * Entries whose `presence` holds several values (deleted on one replica, edited or deleted on
   * another). A change to a key in conflict that leaves its shown value alone makes no patch
   * (another value arriving, or resolving as deleted where `false` shows), yet it can show or hide the
   * entry: these are read again on every update.
   */
  private kept: Record<Collection, Set<string>> = { nodes: new Set(), wires: new Set(), frames: new Set() };
  private framesListed = false;
  private current: { topology: TopologyDocument; hidden: boolean; view: TopologyView } | undefined;

  /** The topology read, whether anything stored was left out, and its {@link TopologyView}. */
  get result(): { topology: TopologyDocument; hidden: boolean; view: TopologyView } {
    if (!this.current) throw new Error('The topology has not been read yet');
    return this.current;
  }

  /** A copy that follows another replica's document from here (the entries are shared, never changed in place). */
  fork(): TopologyReading {
    const copy = new TopologyReading();
    for (const collection of COLLECTIONS) {
      copy.raw[collection] = new Map(this.raw[collection]);
      copy.parsed[collection] = new Map(this.parsed[collection]);
      copy.kept[collection] = new Set(this.kept[collection]);
    }
    copy.framesListed = this.framesListed;
    copy.current = this.current;
    return copy;
  }

  /** Reads every entry of `state`; undefined when it cannot be read (see the class comment). */
  static read(state: unknown): TopologyReading | undefined {
    if (!isMap(state) || state.schemaVersion !== TOPOLOGY_SCHEMA_VERSION) return undefined;
    const reading = new TopologyReading();
    const touched = noEntriesTouched();
    touched.framesListed = true;
    for (const collection of COLLECTIONS) {
      const map = state[collection];
      if (!isMap(map)) return undefined;
      for (const id of Object.keys(map)) touched.entries[collection].add(id);
    }
    return reading.update(state, touched) ? reading : undefined;
  }

  /**
   * Reads again the entries `touched` names from `state` (the document after the change) and
   * assembles the topology. False when it cannot (then this reading is no longer usable).
   */
  update(state: unknown, touched: TouchedEntries): boolean {
    this.current = undefined;
    if (touched.root || !isMap(state) || state.schemaVersion !== TOPOLOGY_SCHEMA_VERSION) return false;
    if (touched.framesListed) this.framesListed = state.framesListed === true;
    for (const collection of COLLECTIONS) {
      const map = state[collection];
      if (!isMap(map)) return false;
      const kept = this.kept[collection];
      for (const id of new Set([...touched.entries[collection], ...kept])) {
        const read = readEntry(state as Doc<unknown>, collection, map, id);
        if (read === false) return false;
        if (read?.present) this.raw[collection].set(id, read.entry);
        else this.raw[collection].delete(id);
        if (read && read.presenceValues > 1) kept.add(id);
        else kept.delete(id);
      }
    }
    return this.assemble();
  }

  private assemble(): boolean {
    const nodes = sorted(this.raw.nodes);
    const nodeIds = new Set(nodes.map((node) => node.id));
    let hidden = false;
    const wiredInputs = new Set<string>();
    const wires = sorted(this.raw.wires).filter(({ fields }) => {
      const source = fields.source as { node?: unknown } | undefined;
      const target = fields.target as { node?: unknown; port?: unknown } | undefined;
      const input = `${String(target?.node)}\u0000${String(target?.port)}`;
      if (!nodeIds.has(source?.node as string) || !nodeIds.has(target?.node as string) || wiredInputs.has(input)) {
        hidden = true;
        return false;
      }
      wiredInputs.add(input);
      return true;
    });
    const frames = sorted(this.raw.frames);
    if (nodes.length > TOPOLOGY_LIMITS.nodes || wires.length > TOPOLOGY_LIMITS.wires || frames.length > MAX_FRAMES) return false;

    const view: TopologyView = { nodes: new Map(), wires: new Map(), frames: new Map() };
    const items = (collection: Collection, entries: RawEntry[]): Item[] | undefined => {
      const kept = new Map<string, ParsedEntry>();
      const list: Item[] = [];
      for (const raw of entries) {
        let dependsOn: unknown[] | undefined;
        if (collection === 'nodes' && Array.isArray(raw.fields.dependsOn)) {
          const all = raw.fields.dependsOn as unknown[];
          dependsOn = all.filter((id) => typeof id !== 'string' || nodeIds.has(id));
          if (dependsOn.length !== all.length) hidden = true;
        }
        const entry = this.parsedEntry(collection, raw, dependsOn);
        if (!entry) return undefined;
        if (collection === 'wires') {
          const wire = entry.item as TopologyWire;
          if (wire.source.node === wire.target.node) return undefined;
        }
        kept.set(raw.id, entry);
        list.push(entry.item);
        view[collection].set(raw.id, entry.canonical);
      }
      this.parsed[collection] = kept;
      return list;
    };
    const nodeItems = items('nodes', nodes);
    const wireItems = nodeItems && items('wires', wires);
    const frameItems = wireItems && items('frames', frames);
    if (!nodeItems || !wireItems || !frameItems) return false;
    const topology: TopologyDocument = {
      schemaVersion: TOPOLOGY_SCHEMA_VERSION,
      nodes: nodeItems as TopologyNode[],
      wires: wireItems as TopologyWire[],
      ...(this.framesListed || frameItems.length > 0 ? { frames: frameItems as TopologyFrame[] } : {}),
    };
    this.current = { topology, hidden, view };
    return true;
  }

  /** The entry checked by its item schema: the one checked before when neither it nor its `dependsOn` changed. */
  private parsedEntry(collection: Collection, raw: RawEntry, dependsOn: unknown[] | undefined): ParsedEntry | undefined {
    const before = this.parsed[collection].get(raw.id);
    if (before && before.raw === raw && sameList(before.dependsOn, dependsOn)) return before;
    const fields = dependsOn ? { ...raw.fields, dependsOn } : raw.fields;
    const parsed = SCHEMAS[collection].safeParse(fields);
    if (!parsed.success) return undefined;
    return { raw, dependsOn, item: parsed.data, canonical: canonicalJson(parsed.data) };
  }
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

const byOrder = (a: RawEntry, b: RawEntry) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sorted(entries: Map<string, RawEntry>): RawEntry[] {
  return [...entries.values()].sort(byOrder);
}

const NUMBERS: ReadonlySet<string> = new Set(['int', 'uint', 'f64']);

/**
 * One entry decoded as `readTopologyView` decodes it, whether it is present, and how many values its
 * `presence` holds: undefined when absent, false when unreadable. The values are asked of the
 * document's root: an entry no patch touched is the previous version's object, which answers for that version.
 */
function readEntry(
  root: Doc<unknown>,
  collection: Collection,
  map: Record<string, unknown>,
  id: string,
): { entry: RawEntry; present: boolean; presenceValues: number } | undefined | false {
  if (!Object.hasOwn(map, id)) return undefined;
  const entry = map[id];
  if (!isMap(entry) || id === '__proto__') return false;
  if (typeof entry.order !== 'number' || !(typeof entry.presence === 'number' || entry.presence === false)) return false;
  const objectId = getObjectId(entry);
  const values = objectId ? getBackend(root).getAll(objectId, 'presence') : [];
  const present = typeof entry.presence === 'number' || values.some(([type]) => NUMBERS.has(type));
  const presenceValues = values.length;
  if (!present) return { entry: { id, order: entry.order, fields: {} }, present, presenceValues };
  const fields: Record<string, unknown> = { id };
  try {
    for (const field of FIELDS[collection]) if (entry[field] !== undefined) fields[field] = decodeValue(entry[field]);
    if (collection === 'nodes' && entry.params !== undefined) {
      if (!isMap(entry.params)) return false;
      const params = Object.entries(entry.params);
      if (params.length > 0) fields.params = Object.fromEntries(params.map(([key, value]) => [key, decodeValue(value)]));
    }
  } catch {
    return false;
  }
  return { entry: { id, order: entry.order, fields }, present, presenceValues };
}

/**
 * Topologies as CRDT documents, so replicas edited offline merge without losing an edit and a
 * concurrent edit of one field is surfaced as a conflict with both values and who wrote each.
 *
 * Library: Automerge 3.5, chosen over Yjs 13.6 by `node dist/bench/run-all.js sync` (bench/sync/): a
 * 1,000-node topology, three replicas making 100 offline edits each, one replica taking the other two.
 * Four runs on 2 shared CPUs (load average 9–17; wall times follow the load, CPU times less so):
 *
 *   |            | merge + read back        | document vs YAML (453 KB) | live edit (adapter / bare) | heap + external |
 *   | Automerge  | 115–383 ms (CPU 110–160) | 57 KB, 0.13×              | 13–52 ms / 0.8–0.9 ms      | 24 + 69–72 MB   |
 *   | Yjs        | 20–112 ms (CPU 14–48)    | 453 KB, 1.00×             | 0.15–0.66 ms               | 30–38 + 2 MB    |
 *
 * Both meet the product's goals (merge under 500 ms, document under 3× the YAML). Yjs is faster, but
 * keeps one value of a concurrent write to one map key and drops the other silently (in the bench it
 * also lost a move of a node deleted elsewhere); Automerge keeps every value with the operation, and
 * so the actor, that wrote it (`getConflicts`), which is what the product needs: both values of a
 * same-field edit and who made each. With Yjs that would need a second record of who wrote what.
 * Automerge's costs stay in budget: after a change only the entries its patches touch are read again
 * (`topology-reading.ts`; a whole read of 1,000 nodes is about 10 ms), the bare change is under 1 ms;
 * the first conflict listing of a loaded document scans it (0.3–0.5 s at 1,000 nodes), later ones
 * look only where merges flagged a conflict, and at the wires only when the reading hid one.
 *
 * Live co-editing, `node dist/bench/run-all.js sync-server` (two desktops and a server on PostgreSQL,
 * loopback; a node of a 1,000-node topology moved on one, until the other's read shows it), three runs
 * at load average 1.4–2.6 on 2 shared CPUs: p50 33–42 ms, p95 50–66 ms, max 65–95 ms (at load average
 * 5.1–6.5, before live edits were audited by heads: p95 103–221 ms; before incremental reading and
 * saving, at load average 4: 170 / 271 / 390 ms). Most of what remains is the server writing the
 * topology record (the whole JSON) with each merged change.
 *
 * The library is imported only in this folder (lint: scripts/eslint/layer-policy.js adapters).
 * Every replica of one topology starts from the bytes of ONE document made by {@link TopologyReplica.create}
 * (on the server, or by the first replica); two documents created separately from the same topology
 * would hold every node twice, as concurrent adds.
 */
import * as Automerge from '@automerge/automerge';
import { parseOrThrow } from '../api/validate.js';
import { TopologyDocumentSchema, type TopologyDocument } from '../api/schemas/topology.js';
import { actorForUser } from './actor-id.js';
import { type EntryState, type NodeState, type TopologyState } from './document-shape.js';
import { nextPresence } from './entry-presence.js';
import { readTopologyView, TOPOLOGY_SCHEMA_VERSION } from './read-topology.js';
import { SyncConflictError, SyncDocumentError } from './sync-errors.js';
import { conflictedPaths, conflictedPathsIn, listConflicts, type DocumentPath, type TopologyConflict } from './topology-conflicts.js';
import { noEntriesTouched, noteTouched, TopologyReading } from './topology-reading.js';
import { encodeValue } from './value-encoding.js';
import { assertSyncable, nextViewOf, viewOf, writeTopology, type TopologyView } from './write-topology.js';

export type { TopologyConflict, TopologyConflictKind, TopologyConflictValue } from './topology-conflicts.js';

/** Heads of a document: the hashes of its latest changes. What a peer has, to ask for what it lacks. */
export type DocumentHeads = readonly string[];

const EMPTY_STATE: TopologyState = { schemaVersion: TOPOLOGY_SCHEMA_VERSION, nodes: {}, wires: {}, frames: {}, framesListed: false };

function asBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new SyncDocumentError(what, `expected bytes, got ${value === null ? 'null' : typeof value}`);
}

/** Runs a library call on untrusted bytes; its parse failures become {@link SyncDocumentError}. */
function parsing<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SyncDocumentError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyncDocumentError(what, `the CRDT data does not parse (${reason})`, {}, { cause: error });
  }
}

/**
 * One replica of a topology's CRDT document, edited by one user. The editor keeps saving whole
 * topology documents ({@link apply} turns each into the smallest change); replicas exchange bytes
 * ({@link save}/{@link load}, {@link changesSince}/{@link receive}) and never lose an edit; where two
 * replicas set one field, {@link conflicts} lists both values and who wrote each, and {@link resolve}
 * picks one (a change like any other, which merges everywhere).
 *
 * Everything that arrives from elsewhere (bytes, messages, another replica) is checked before it is
 * taken: a message that would leave a document this Nimbus cannot read is refused with
 * `sync_document_invalid` and the replica stays as it was.
 */
export class TopologyReplica {
  private snapshot: Snapshot | undefined;
  private conflictCache: { heads: string; conflicts: TopologyConflict[] } | undefined;
  /**
   * Paths that may hold a conflict: local edits never make one (they follow what they saw), so only
   * merged changes add to it. Undefined until a loaded document's first full scan.
   */
  private conflictPaths: Map<string, DocumentPath> | undefined;

  private constructor(
    private doc: Automerge.Doc<TopologyState>,
    /** The Nimbus user whose edits this replica makes. */
    readonly userId: string,
    snapshot?: Snapshot,
  ) {
    this.snapshot = snapshot;
  }

  /** A new document holding `topology`, the one every replica of it starts from. */
  static create(topology: TopologyDocument, userId: string): TopologyReplica {
    const next = parseOrThrow(TopologyDocumentSchema, topology, 'topology document');
    assertSyncable(next);
    // Built as plain data and handed over in one call: far faster than one proxy write per field.
    const state: TopologyState = { schemaVersion: TOPOLOGY_SCHEMA_VERSION, nodes: {}, wires: {}, frames: {}, framesListed: false };
    const view = viewOf(next);
    writeTopology(EMPTY_STATE, state, next, viewOf(EMPTY_TOPOLOGY), view);
    const doc = Automerge.from(state as unknown as Record<string, unknown>, actorForUser(userId)) as Automerge.Doc<TopologyState>;
    const replica = new TopologyReplica(doc, userId, { heads: headsKey(doc), topology: next, view, hidden: false });
    replica.conflictPaths = new Map();
    return replica;
  }

  /** A replica from saved bytes (a document's {@link save}), for `userId` to edit. */
  static load(bytes: Uint8Array, userId: string): TopologyReplica {
    const what = 'the saved document';
    const data = asBytes(bytes, what);
    if (data.length === 0) throw new SyncDocumentError(what, 'it is empty (0 bytes)');
    const doc = parsing(what, () => Automerge.load<TopologyState>(data, actorForUser(userId)));
    return new TopologyReplica(doc, userId, snapshotOf(doc, what));
  }

  /**
   * This replica for `userId` to edit: itself when it is already theirs, else a copy under a fresh
   * actor of that user that keeps what this one has read and scanned (so a server holding a loaded
   * document does not load and scan it again for the next caller). Changes made on the copy are the
   * copy's only.
   */
  forUser(userId: string): TopologyReplica {
    if (userId === this.userId) return this;
    const snapshot = this.snapshot && { ...this.snapshot, reading: this.snapshot.reading?.fork() };
    const copy = new TopologyReplica(Automerge.clone(this.doc, actorForUser(userId)), userId, snapshot);
    if (this.conflictPaths) copy.conflictPaths = new Map(this.conflictPaths);
    copy.conflictCache = this.conflictCache;
    return copy;
  }

  /** This replica's CRDT actor id; it carries {@link userId} (see actor-id.ts). */
  get actor(): string {
    return Automerge.getActorId(this.doc);
  }

  /** How many nodes the topology holds now (without copying it, as {@link read} does). */
  nodeCount(): number {
    return this.current().topology.nodes.length;
  }

  /** The topology this replica holds now, validated by the topology schema (a copy: the caller may change it). */
  read(): TopologyDocument {
    return copyJson(this.current().topology);
  }

  /**
   * Takes a new version of the topology (what the editor saves) as the smallest change: one write per
   * changed field, parameter, position or wire end, one per added or deleted entry. Returns false when
   * nothing differed (no change is recorded). An invalid document is refused with `invalid_input`.
   * `checked`: the caller has just parsed `topology` with the topology schema itself (as a method's
   * input check does), so it is not parsed again.
   */
  apply(topology: TopologyDocument, options: { checked?: boolean } = {}): boolean {
    const next = options.checked === true ? topology : parseOrThrow(TopologyDocumentSchema, topology, 'topology document');
    assertSyncable(next);
    const seen = this.current();
    const view = nextViewOf(next, seen.topology, seen.view);
    const current = this.doc;
    const before = Automerge.getHeads(current);
    let changed = 0;
    const doc = Automerge.change(current, (draft) => {
      changed = writeTopology(current, draft, next, seen.view, view);
    });
    this.doc = doc;
    // Read back from what the change touched (what was written reads back as `next` unless the reader hides something).
    this.snapshot = this.snapshotAfter(doc, before, 'the document');
    return changed > 0;
  }

  /** The whole document as bytes, to store or to send to a replica that has nothing yet. */
  save(): Uint8Array {
    return Automerge.save(this.doc);
  }

  /** What this replica has: send it to a peer, which answers with {@link changesSince}. */
  heads(): DocumentHeads {
    return Automerge.getHeads(this.doc);
  }

  /**
   * The changes a peer that has `heads` lacks, as one message for {@link receive}: after each local
   * edit, `changesSince(headsBefore)` is the live co-editing message. Heads this replica does not
   * know (the peer is ahead) give every change, which is always safe to receive.
   */
  changesSince(heads: DocumentHeads): Uint8Array {
    const known = heads.filter((head) => typeof head === 'string' && /^[0-9a-f]{64}$/.test(head));
    if (known.length !== heads.length || !Automerge.hasHeads(this.doc, [...known])) return Automerge.save(this.doc);
    return Automerge.saveSince(this.doc, [...known]);
  }

  /**
   * The changes made since `heads` (heads this replica had), to append to a {@link save} made at
   * those heads: the two together {@link load} as this document. Undefined when this replica does
   * not know `heads` (then save it whole).
   */
  savedSince(heads: DocumentHeads): Uint8Array | undefined {
    if (!Automerge.hasHeads(this.doc, [...heads])) return undefined;
    return Automerge.saveSince(this.doc, [...heads]);
  }

  /** Takes changes from a peer (a {@link changesSince} message or a whole saved document); repeats are harmless. */
  receive(message: Uint8Array): void {
    const what = 'the sync message';
    const data = asBytes(message, what);
    if (data.length === 0) return;
    this.replace(
      what,
      () => {
        // loadIncremental skips what it cannot parse (it is meant for partly written files); a strict
        // parse first makes corrupt or truncated messages an error instead of a silent no-op.
        Automerge.load(data, { allowMissingChanges: true });
        // Taken into this document itself (no copy of the whole document per message): a message
        // refused below is undone by going back to the heads before it.
        return Automerge.loadIncremental(this.doc, data);
      },
      true,
    );
  }

  /** Merges another replica's document into this one (the other replica is not changed). */
  merge(other: TopologyReplica): void {
    this.replace('the merged replica', () => Automerge.merge(Automerge.clone(this.doc, this.actor), other.doc));
  }

  /** Every conflict the document holds, each value with the user who wrote it (see {@link TopologyConflict}). */
  conflicts(): TopologyConflict[] {
    const heads = headsKey(this.doc);
    if (this.conflictCache?.heads !== heads) {
      // A loaded document is scanned once; after that only what merges flag is looked at again.
      this.conflictPaths ??= conflictedPaths(this.doc, []);
      this.conflictCache = { heads, conflicts: listConflicts(this.doc, this.conflictPaths, this.current().hidden) };
    }
    return structuredClone(this.conflictCache.conflicts);
  }

  /**
   * Resolves the conflict at `path` (from {@link conflicts}) by keeping the value whose `id` is
   * `valueId`. The resolution is a change: merged into the other replicas, it ends the conflict there too.
   */
  resolve(path: readonly string[], valueId: string): void {
    const key = JSON.stringify(path);
    const conflict = this.conflicts().find((candidate) => JSON.stringify(candidate.path) === key);
    if (!conflict) throw new SyncConflictError(`There is no conflict at ${path.join('.')} (resolved meanwhile?)`, { path });
    const chosen = conflict.values.find((value) => value.id === valueId);
    if (!chosen) {
      throw new SyncConflictError(`Value ${valueId} is not one of the values in conflict at ${path.join('.')}`, {
        path,
        valueId,
        values: conflict.values.map((value) => value.id),
      });
    }
    const current = this.doc;
    const before = Automerge.getHeads(current);
    const collection = conflict.collection;
    this.doc = Automerge.change(current, (draft) => {
      if (conflict.kind === 'input-wired-twice') {
        for (const value of conflict.values) {
          if (value.id !== chosen.id) draft.wires[value.id]!.presence = false;
        }
        draft.wires[chosen.id]!.presence = nextPresence(current.wires[chosen.id]);
        return;
      }
      const id = conflict.id;
      if (conflict.kind === 'added-twice') {
        const raw = Automerge.getConflicts(current[collection], id)?.[chosen.id] as EntryState | undefined;
        draft[collection][id] = copyEntry(raw, chosen.value as Record<string, unknown>) as NodeState;
        return;
      }
      const entry = draft[collection][id]!;
      if (conflict.kind === 'deleted-while-edited') {
        entry.presence = chosen.value === 'deleted' ? false : nextPresence(current[collection][id]);
        return;
      }
      if (path.length === 4) (entry as NodeState).params[path[3]!] = encodeValue(chosen.value);
      else if (conflict.field === 'params') (entry as NodeState).params = encodeParams(chosen.value);
      else entry[conflict.field!] = encodeValue(chosen.value);
      entry.presence = nextPresence(current[collection][id]);
    });
    this.snapshot = this.snapshotAfter(this.doc, before, 'the document');
  }

  /** Swaps in the document `work` makes, if it can be read; else keeps the current one and throws. */
  private replace(what: string, work: () => Automerge.Doc<TopologyState>, inPlace = false): void {
    const start = this.doc;
    const before = Automerge.getHeads(start);
    try {
      const doc = parsing(what, work);
      // Replicas of one topology share the root maps made by `create`; two values there mean the
      // changes come from another document (another topology's, or one created separately).
      const foreign = ROOT_KEYS.filter((key) => Automerge.getConflicts(doc, key) !== undefined);
      if (foreign.length > 0) {
        throw new SyncDocumentError(what, `it holds changes of another document (a second ${foreign.join(', ')} at its root)`, {
          keys: foreign,
        });
      }
      const patches = Automerge.diff(doc, before, Automerge.getHeads(doc));
      const snapshot = this.snapshotAfter(doc, before, what, patches);
      if (this.conflictPaths) for (const [key, path] of conflictedPathsIn(patches)) this.conflictPaths.set(key, path);
      this.doc = doc;
      this.snapshot = snapshot;
    } catch (error) {
      // `work` changed this document itself: back to what it was (a copy of it at the heads before).
      if (inPlace) this.doc = Automerge.clone(Automerge.view(start, before), this.actor);
      throw error;
    }
  }

  /**
   * The snapshot of `doc`, a change of the document at `before`: the entries the change touched are
   * read again into the current reading (far cheaper than reading the whole document); the whole
   * document is read when there is no reading of `before` or the touched entries cannot be read
   * (which then says what is wrong). `patches` are the change's, when the caller has them.
   */
  private snapshotAfter(doc: Automerge.Doc<TopologyState>, before: Automerge.Heads, what: string, patches?: Automerge.Patch[]): Snapshot {
    const seen = this.snapshot;
    const reading = seen?.reading;
    if (seen && reading && seen.heads === before.join(',')) {
      // Taken: from here on the reading follows `doc`, whatever becomes of this replica's snapshot.
      seen.reading = undefined;
      const touched = noEntriesTouched();
      for (const patch of patches ?? Automerge.diff(doc, before, Automerge.getHeads(doc))) noteTouched(touched, patch.path);
      if (reading.update(doc, touched)) return { heads: headsKey(doc), reading, ...reading.result };
    }
    return snapshotOf(doc, what);
  }

  /** The topology as read now, from the snapshot when the document has not changed since. */
  private current(): Snapshot {
    if (this.snapshot?.heads !== headsKey(this.doc)) this.snapshot = snapshotOf(this.doc, 'the document');
    return this.snapshot;
  }
}

/** The topology a document reads as, at which heads, with its per-entry view for the next {@link TopologyReplica.apply}. */
interface Snapshot {
  heads: string;
  topology: TopologyDocument;
  view: TopologyView;
  hidden: boolean;
  /** What the next change's snapshot is read from (see {@link TopologyReading}); taken by the first one that uses it. */
  reading?: TopologyReading | undefined;
}

/**
 * A deep copy of JSON data (what a topology holds: plain objects, arrays, scalars); several times
 * faster than `structuredClone` on a large topology. Anything else is copied by `structuredClone`.
 */
function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => copyJson(item)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyJson((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** The root keys `create` makes once for every replica of a topology. */
const ROOT_KEYS = ['schemaVersion', 'nodes', 'wires', 'frames'] as const;

const EMPTY_TOPOLOGY: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

const headsKey = (doc: Automerge.Doc<unknown>) => Automerge.getHeads(doc).join(',');

/** The whole document read (see {@link TopologyReading}; what it cannot read, `readTopologyView` says why). */
function snapshotOf(doc: Automerge.Doc<TopologyState>, what: string): Snapshot {
  const reading = TopologyReading.read(doc);
  if (reading) return { heads: headsKey(doc), reading, ...reading.result };
  const { topology, hidden } = readTopologyView(doc, what);
  return { heads: headsKey(doc), topology, view: viewOf(topology), hidden };
}

function encodeParams(params: unknown): Record<string, ReturnType<typeof encodeValue>> {
  const encoded: Record<string, ReturnType<typeof encodeValue>> = {};
  for (const [key, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) encoded[key] = encodeValue(value);
  }
  return encoded;
}

/** A fresh map holding an added entry's decoded fields, to replace two same-id adds with the chosen one. */
function copyEntry(raw: EntryState | undefined, fields: Record<string, unknown>): EntryState {
  const entry: EntryState = { order: typeof raw?.order === 'number' ? raw.order : 0, presence: 1 };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (field === 'params') entry.params = encodeParams(value);
    else entry[field] = encodeValue(value);
  }
  return entry;
}

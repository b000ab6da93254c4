/**
 * Component and stack drafts as CRDT documents (Automerge, as topologies: see topology-document.ts
 * for the choice), so a draft authored offline on several desktops merges with every edit kept, and
 * a field two people set at once is surfaced as a conflict with both values and who wrote each.
 * The layout of the JSON in the document is `draft-json.ts`.
 *
 * Every replica of one draft starts from the bytes of ONE document: the server makes it from the
 * draft record the first time a replica asks, and a desktop that creates a draft offline makes it
 * and hands it to the server with the creation.
 */
import * as Automerge from '@automerge/automerge';
import { NimbusError, type ErrorDetails } from '../errors.js';
import { actorForUser } from './actor-id.js';
import {
  assertStorable,
  findConflicts,
  readMap,
  writeField,
  writeMap,
  type DraftFieldConflict,
  type DraftPath,
  type TextPaths,
} from './draft-json.js';
import { UnreadableValueError } from './value-encoding.js';

export type { DraftFieldConflict } from './draft-json.js';

/** The kinds of catalog drafts kept as documents. */
export type DraftKind = 'component' | 'stack';

/**
 * Where each kind keeps collaborative text, merged character by character: a program, where two
 * people editing different functions must both keep their work. Everything else (descriptions too:
 * two rewrites of one sentence merged letter by letter would be neither) is a field whose concurrent
 * edits are a conflict the user resolves.
 */
const TEXT_PATHS: Record<DraftKind, TextPaths> = {
  component: [['code']],
  stack: [],
};

type DraftState = Record<string, unknown> & {
  kind: Automerge.ImmutableString;
  content: Record<string, unknown>;
};

/** Bytes or a message that cannot be a draft document of the expected kind; nothing was changed. */
export class DraftDocumentError extends NimbusError {
  override name = 'DraftDocumentError';
  constructor(what: string, reason: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super('sync_document_invalid', `${what} is not a valid draft document: ${reason}`, { ...details, reason }, options);
  }
}

/** A conflict the draft does not hold (resolved elsewhere meanwhile), or a value it never had. */
export class DraftConflictUnknownError extends NimbusError {
  override name = 'DraftConflictUnknownError';
  constructor(path: readonly string[], valueId: string) {
    super(
      'sync_conflict_unknown',
      `The draft holds no conflict at ${path.join('.')} with a value ${valueId} (resolved meanwhile, or never there); read the draft again`,
      { path: [...path], valueId },
    );
  }
}

function parsing<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof NimbusError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DraftDocumentError(what, `the CRDT data does not parse (${reason})`, {}, { cause: error });
  }
}

/**
 * One replica of a draft's document, edited by one user: the editor saves whole drafts
 * ({@link apply} writes the smallest change), replicas exchange bytes ({@link changesSince} /
 * {@link receive}), and {@link conflicts} / {@link resolve} surface and settle concurrent edits.
 */
export class DraftReplica {
  private cached: { heads: string; content: Record<string, unknown> } | undefined;

  private constructor(
    private doc: Automerge.Doc<DraftState>,
    readonly kind: DraftKind,
    readonly userId: string,
  ) {}

  /** A new document holding `content`, the one every replica of the draft starts from. */
  static create(kind: DraftKind, content: Record<string, unknown>, userId: string): DraftReplica {
    storable(content);
    let doc = Automerge.from<DraftState>({ kind: new Automerge.ImmutableString(kind), content: {} }, actorForUser(userId));
    doc = Automerge.change(doc, (draft) => writeMap(draft as never, draft.content, content, [], TEXT_PATHS[kind]));
    return new DraftReplica(doc, kind, userId);
  }

  /** A replica from saved bytes ({@link save}); refused when they are no draft of `kind`. */
  static load(bytes: Uint8Array, kind: DraftKind, userId: string): DraftReplica {
    const what = 'the saved draft';
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new DraftDocumentError(what, 'it is empty');
    const doc = parsing(what, () => Automerge.load<DraftState>(bytes, actorForUser(userId)));
    const replica = new DraftReplica(doc, kind, userId);
    replica.check(doc, what);
    return replica;
  }

  /** This replica's document for another user (a server answering several): a copy under their own actor. */
  forUser(userId: string): DraftReplica {
    if (userId === this.userId) return this;
    return new DraftReplica(Automerge.clone(this.doc, actorForUser(userId)), this.kind, userId);
  }

  /** The draft's content now (a fresh copy). */
  read(): Record<string, unknown> {
    return structuredClone(this.current());
  }

  /** Takes a new version of the draft as the smallest change; false when nothing differed. */
  apply(content: Record<string, unknown>): boolean {
    storable(content);
    const before = Automerge.getHeads(this.doc);
    this.doc = Automerge.change(this.doc, (draft) => writeMap(draft as never, draft.content, content, [], TEXT_PATHS[this.kind]));
    return Automerge.getHeads(this.doc).join() !== before.join();
  }

  /**
   * Takes a new version of the draft that an editor made from the draft as it was at `heads` (what it
   * last read): only what the editor changed is recorded, as if made then, so edits that arrived since
   * are kept, never reverted (and a field both changed becomes a conflict). Unknown heads: as {@link apply}.
   */
  applyFrom(heads: readonly string[], content: Record<string, unknown>): boolean {
    const current = Automerge.getHeads(this.doc);
    const known = heads.length > 0 && heads.every((head) => /^[0-9a-f]{64}$/.test(head)) && Automerge.hasHeads(this.doc, [...heads]);
    if (!known || [...heads].sort().join() === [...current].sort().join()) return this.apply(content);
    storable(content);
    const { newDoc } = Automerge.changeAt(this.doc, [...heads], (draft) =>
      writeMap(draft as never, draft.content, content, [], TEXT_PATHS[this.kind]),
    );
    this.doc = newDoc;
    this.cached = undefined;
    return Automerge.getHeads(newDoc).join() !== current.join();
  }

  save(): Uint8Array {
    return Automerge.save(this.doc);
  }

  heads(): string[] {
    return Automerge.getHeads(this.doc);
  }

  /** The changes a peer that has `heads` lacks (every change when it has heads this replica does not know). */
  changesSince(heads: readonly string[]): Uint8Array {
    const known = heads.filter((head) => /^[0-9a-f]{64}$/.test(head));
    if (known.length !== heads.length || !Automerge.hasHeads(this.doc, known)) return Automerge.save(this.doc);
    return Automerge.saveSince(this.doc, known);
  }

  /**
   * Takes a peer's changes ({@link changesSince} or whole saved bytes); repeats are harmless; a bad
   * message changes nothing. `what` names the message in errors (e.g. "change 2 of 3").
   */
  receive(message: Uint8Array, what = 'the sync message'): void {
    if (!(message instanceof Uint8Array)) throw new DraftDocumentError(what, 'expected bytes');
    if (message.length === 0) return;
    const incomplete = incompleteChunk(message);
    if (incomplete) throw new DraftDocumentError(what, incomplete);
    const next = parsing(what, () => {
      Automerge.load(message, { allowMissingChanges: true });
      return Automerge.loadIncremental(Automerge.clone(this.doc), message);
    });
    // Changes whose history is missing would wait unapplied, unseen: the sender believes them taken.
    const missing = parsing(what, () => Automerge.getMissingDeps(next, []));
    if (missing.length > 0)
      throw new DraftDocumentError(
        what,
        `it depends on ${missing.length} change${missing.length === 1 ? '' : 's'} this replica does not have (send the changes since its heads)`,
        { missing: missing.slice(0, 10) },
      );
    this.check(next, what);
    this.doc = next;
    this.cached = undefined;
  }

  /** Fields set concurrently on several replicas, each with every value and the actor that wrote it. */
  conflicts(): DraftFieldConflict[] {
    return findConflicts(this.doc.content);
  }

  /** Keeps one value of a conflict (a change like any other, which merges everywhere). */
  resolve(path: DraftPath, valueId: string): void {
    const conflict = this.conflicts().find((entry) => entry.path.join('\u0001') === path.join('\u0001'));
    const chosen = conflict?.values.find((value) => value.id === valueId);
    if (!conflict || !chosen) throw new DraftConflictUnknownError(path, valueId);
    this.doc = Automerge.change(this.doc, (draft) => {
      let parent = draft.content;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const key = path.at(-1)!;
      // Deleted first, so even a value equal to the one shown is written anew and supersedes every alternative.
      delete parent[key];
      writeField(draft as never, parent, key, chosen.value, path, TEXT_PATHS[this.kind]);
    });
    this.cached = undefined;
  }

  private current(): Record<string, unknown> {
    const heads = Automerge.getHeads(this.doc).join();
    if (this.cached?.heads !== heads) this.cached = { heads, content: this.readFrom(this.doc, 'the draft') };
    return this.cached.content;
  }

  private check(doc: Automerge.Doc<DraftState>, what: string): void {
    // Every replica starts from one document, so its root is written once: two values there mean another document was merged in.
    const foreign = ['kind', 'content'].filter((key) => Object.keys(Automerge.getConflicts(doc, key) ?? {}).length > 1);
    if (foreign.length > 0)
      throw new DraftDocumentError(what, `it was made separately from this draft (its ${foreign.join(' and ')} differ)`);
    const kind = doc.kind instanceof Automerge.ImmutableString ? doc.kind.val : undefined;
    if (kind !== this.kind)
      throw new DraftDocumentError(what, `it holds ${kind === undefined ? 'no draft' : `a ${kind} draft`}, not a ${this.kind} draft`);
    const size = JSON.stringify(this.readFrom(doc, what)).length;
    if (size > MAX_DRAFT_CHARS) throw new DraftDocumentError(what, `${tooLarge(size)}`, { size, limit: MAX_DRAFT_CHARS });
  }

  private readFrom(doc: Automerge.Doc<DraftState>, what: string): Record<string, unknown> {
    const content = doc.content as unknown;
    if (content === null || typeof content !== 'object' || Array.isArray(content))
      throw new DraftDocumentError(what, 'it has no content map');
    try {
      return readMap(content as Record<string, unknown>);
    } catch (error) {
      if (error instanceof UnreadableValueError) throw new DraftDocumentError(what, `it holds ${error.message}`);
      if (error instanceof RangeError) throw new DraftDocumentError(what, `it cannot be read (${error.message})`, {}, { cause: error });
      throw error;
    }
  }
}

const CHUNK_MAGIC = [0x85, 0x6f, 0x4a, 0x83];

/**
 * Why `message` is not a whole number of CRDT chunks (magic, checksum, type, length, data), if it is
 * not: the library takes the whole chunks of a cut message and drops the rest without a word.
 */
function incompleteChunk(message: Uint8Array): string | undefined {
  let offset = 0;
  for (let index = 1; offset < message.length; index++) {
    if (CHUNK_MAGIC.some((byte, at) => message[offset + at] !== byte))
      return `chunk ${index} (at byte ${offset}) does not start as a CRDT chunk`;
    let length = 0;
    let at = offset + 9;
    for (let shift = 0; ; shift += 7) {
      if (at >= message.length || shift > 28) return `chunk ${index} (at byte ${offset}) is cut short in its header`;
      const byte = message[at++]!;
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
    }
    if (at + length > message.length)
      return `chunk ${index} (at byte ${offset}) is cut short: it declares ${length} bytes, ${message.length - at} follow`;
    offset = at + length;
  }
  return undefined;
}

/**
 * The largest draft a document holds, in characters of its JSON: far above any draft the checks pass
 * (a program is at most 1 MiB), so a forged change cannot make every later load of the draft slow.
 */
export const MAX_DRAFT_CHARS = 8 * 1024 * 1024;

function tooLarge(size: number): string {
  return `its draft is ${(size / 1024 / 1024).toFixed(1)} MiB of JSON, more than a shared draft may hold (${MAX_DRAFT_CHARS / 1024 / 1024} MiB)`;
}

function storable(content: Record<string, unknown>): void {
  try {
    assertStorable(content);
  } catch (error) {
    throw new NimbusError('invalid_input', `This draft cannot be kept as a shared document: ${(error as Error).message}`);
  }
  const size = JSON.stringify(content).length;
  if (size > MAX_DRAFT_CHARS)
    throw new NimbusError('invalid_input', `This draft cannot be kept as a shared document: ${tooLarge(size)}`, {
      size,
      limit: MAX_DRAFT_CHARS,
    });
}

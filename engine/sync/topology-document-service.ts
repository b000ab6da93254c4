/**
 * The shared server's side of topologies as CRDT documents: replicas open a topology's document (made
 * once from the record), send their changes and get back what they lack; every merge also writes the
 * merged topology into the topology record (revision + 1, audited), so clients that do not speak
 * documents (the CLI, the browser shell) read and save topologies as before, and their saves reach
 * every replica as changes. Each change is announced as a `topology.changed` notice.
 *
 * Concurrency: a write names the document version it was based on; when another process wrote first,
 * the whole unit runs again from a fresh load. CRDT messages commute, so a retry loses nothing.
 */
import type { TopologyConflictView, TopologyEventNotice } from '../api/schemas/topology-documents.js';
import type { Topology, TopologyDocument } from '../api/schemas/topology.js';
import { currentRequest } from '../context/request-context.js';
import { NimbusError, NotFoundError, RevisionConflictError } from '../errors.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { StoredTopologyDocument, TopologyDocumentHead } from '../store/ports/topology-document-records.js';
import { SyncConflictError, SyncDocumentError } from './sync-errors.js';
import { LoadedDocuments } from './loaded-documents.js';
import { TopologyReplica, type DocumentHeads } from './topology-document.js';
import { strictBase64, toBase64 } from './document-exchange.js';

/** A stored log longer than this is folded into a new snapshot by the write that grows it. */
export const COMPACT_AFTER_CHANGES = 200;
/** How many times a write runs when other processes keep writing the same document first. */
const WRITE_ATTEMPTS = 12;
/** The user id of changes the engine makes on its own (no caller). */
const ENGINE_USER = 'nimbus-engine';

/** Another process wrote the document between this unit's load and its write: run the unit again. */
class DocumentMovedError extends Error {}

/** A document as a unit of work holds it: where it stands in the store, and the replica to read and change. */
interface Working {
  head: TopologyDocumentHead;
  replica: TopologyReplica;
}

/** A notice for the transports, with the tenant whose readers may hear it. */
export type PublishTopologyEvent = (tenant: string, notice: TopologyEventNotice) => void;

/** What a sync answers (see `SyncTopologyDocumentOutputSchema`). */
export interface SyncAnswer {
  id: string;
  revision: number;
  heads: string[];
  changes: string[];
  conflicts: number;
}

/** Shared topology documents over a store (see the file comment). */
export class TopologyDocumentService {
  /** Documents this process loaded, kept between calls (see loaded-documents.ts). */
  private readonly loaded = new LoadedDocuments();

  constructor(
    private readonly store: StorePort,
    private readonly publish: PublishTopologyEvent,
  ) {}

  /** The document of a topology, made from its record on first use (once, however many open it at once). */
  async open(id: string): Promise<{ id: string; name: string; revision: number; document: string; heads: string[] }> {
    const user = callerUser();
    const opened = await this.store.unitOfWork(async (tx) => {
      const topology = await tx.topologies.get(id);
      const head = await ensureDocument(tx, topology, user);
      const cached = this.loaded.take(documentKey(id), head.version);
      if (!cached && head.changeCount === 0) {
        // A snapshot with no log is sent as it is stored: no need to load it.
        const stored = await tx.topologyDocuments.load(id);
        if (stored && stored.changes.length === 0)
          return {
            answer: { id, name: topology.name, revision: topology.revision, document: toBase64(stored.snapshot), heads: [...stored.heads] },
            loaded: undefined,
          };
      }
      // The heads of what is sent, which may hold a change committed after the document's row was read.
      const working = cached ? { head, replica: cached } : await this.load(tx, id, user);
      if (!working) throw new NotFoundError('Topology', id);
      const { replica } = working;
      return {
        answer: { id, name: topology.name, revision: topology.revision, document: toBase64(replica.save()), heads: [...replica.heads()] },
        loaded: { version: working.head.version, replica },
      };
    });
    if (opened.loaded) this.loaded.keep(documentKey(id), opened.loaded.version, opened.loaded.replica);
    return opened.answer;
  }

  /**
   * Takes a replica's changes (checked: a message that does not parse, or would leave a document this
   * Nimbus cannot read, is refused with `sync_document_invalid` and nothing is stored) and answers the
   * changes a replica with `heads` lacks.
   */
  async sync(input: { id: string; heads: readonly string[]; changes: readonly string[] }): Promise<SyncAnswer> {
    const messages = input.changes.map((text, index) => fromBase64(text, `change ${index + 1} of ${input.changes.length}`));
    const user = callerUser();
    const outcome = await this.writing(
      async (tx) => {
        // The record's revision only (its document is not read on every live edit); the document is made from it the first time.
        const topology = await tx.topologies.summary(input.id);
        let working = await this.working(tx, input.id, user);
        if (!working) {
          await ensureDocument(tx, await tx.topologies.get(input.id), user);
          working = await this.working(tx, input.id, user);
        }
        if (!working) throw new NotFoundError('Topology', input.id);
        const { replica } = working;
        for (const message of messages) replica.receive(message);
        const { revision, version } = await writeChanges(tx, topology, working.head, replica, { keepDraft: true });
        const changes = replica.changesSince(input.heads);
        return {
          loaded: { version, replica },
          userName: revision === undefined ? null : await userName(tx, user),
          answer: {
            id: input.id,
            revision: revision ?? topology.revision,
            heads: [...replica.heads()],
            changes: changes.length > 0 ? [toBase64(changes)] : [],
            conflicts: replica.conflicts().length,
          },
          changed: revision !== undefined,
        };
      },
      { retryRecordConflicts: true },
    );
    this.loaded.keep(documentKey(input.id), outcome.loaded.version, outcome.loaded.replica);
    if (outcome.changed) this.changed(input.id, outcome.answer.revision, user, outcome.userName);
    return outcome.answer;
  }

  /** The conflicts a topology's document holds, each value with the name of the user who wrote it. */
  async conflicts(id: string): Promise<{ id: string; revision: number; conflicts: TopologyConflictView[] }> {
    const user = callerUser();
    const listed = await this.store.unitOfWork(async (tx) => {
      const topology = await tx.topologies.get(id);
      const working = await this.working(tx, id, user);
      const conflicts = working ? working.replica.conflicts() : [];
      return {
        answer: { id, revision: topology.revision, conflicts: await withUserNames(tx, conflicts) },
        loaded: working ? { version: working.head.version, replica: working.replica } : undefined,
      };
    });
    if (listed.loaded) this.loaded.keep(documentKey(id), listed.loaded.version, listed.loaded.replica);
    return listed.answer;
  }

  /** Keeps one value of a conflict: a change like any other (record updated, replicas told). */
  async resolve(input: {
    id: string;
    path: readonly string[];
    valueId: string;
    expectedRevision?: number | undefined;
  }): Promise<{ id: string; revision: number; conflicts: TopologyConflictView[] }> {
    const user = callerUser();
    const outcome = await this.writing(async (tx) => {
      const topology = await tx.topologies.get(input.id);
      if (input.expectedRevision !== undefined && input.expectedRevision !== topology.revision) {
        throw new RevisionConflictError('Topology', input.id, input.expectedRevision, topology.revision);
      }
      const working = await this.working(tx, input.id, user);
      if (!working)
        throw new SyncConflictError(`Topology ${input.id} has no conflicts (it has no shared document)`, { path: [...input.path] });
      const { replica } = working;
      replica.resolve(input.path, input.valueId);
      const written = await writeChanges(tx, topology, working.head, replica, { keepDraft: true });
      return {
        revision: written.revision ?? topology.revision,
        conflicts: await withUserNames(tx, replica.conflicts()),
        userName: await userName(tx, user),
        loaded: { version: written.version, replica },
      };
    });
    this.loaded.keep(documentKey(input.id), outcome.loaded.version, outcome.loaded.replica);
    this.changed(input.id, outcome.revision, user, outcome.userName);
    return { id: input.id, revision: outcome.revision, conflicts: outcome.conflicts };
  }

  /** Tells the topology's other editors what the caller has selected (nothing is stored). */
  async presence(input: { id: string; selection: readonly string[] }): Promise<{ ok: true }> {
    const user = callerUser();
    const name = await this.store.unitOfWork(async (tx) => {
      await tx.topologies.get(input.id);
      return (await userName(tx, user)) ?? user;
    });
    this.publish(callerTenant(), {
      type: 'topology.presence',
      topologyId: input.id,
      userId: user,
      userName: name,
      selection: [...input.selection],
      at: new Date().toISOString(),
    });
    return { ok: true };
  }

  /**
   * Creates a topology. With `sharedDocument` (a desktop made it offline with `TopologyReplica.create`),
   * the bytes must hold a valid topology; they are stored as its document, and the record holds what
   * they read as. With `id`, under that id (`topology_exists` when taken).
   */
  async create(input: {
    name: string;
    document?: TopologyDocument | undefined;
    id?: string | undefined;
    sharedDocument?: string | undefined;
  }): Promise<Topology> {
    if (input.sharedDocument === undefined) {
      return this.store.unitOfWork((tx) => tx.topologies.create(input.name, input.document, input.id));
    }
    const user = callerUser();
    const bytes = fromBase64(input.sharedDocument, 'the shared document');
    const replica = TopologyReplica.load(bytes, user);
    const document = replica.read();
    return this.store.unitOfWork(async (tx) => {
      const topology = await tx.topologies.create(input.name, document, input.id);
      await tx.topologyDocuments.create(topology.id, bytes, replica.heads());
      return topology;
    });
  }

  /**
   * Saves a topology from a client that does not speak documents. When the topology has a document,
   * the saved topology is applied to it as a change (so replicas receive it) and the record holds
   * what the document reads as; else the record is saved as it always was.
   */
  async save(input: { id: string; expectedRevision: number; document: TopologyDocument; name?: string | undefined }): Promise<Topology> {
    const user = callerUser();
    const outcome = await this.writing(async (tx) => {
      const working = await this.working(tx, input.id, user);
      if (!working) {
        return {
          topology: await tx.topologies.save(input.id, input.expectedRevision, input.document, input.name),
          changed: false,
          userName: null,
          loaded: undefined,
        };
      }
      const topology = await tx.topologies.get(input.id);
      if (topology.revision !== input.expectedRevision) {
        throw new RevisionConflictError('Topology', input.id, input.expectedRevision, topology.revision);
      }
      const { replica } = working;
      replica.apply(input.document);
      const written = await writeChanges(tx, topology, working.head, replica, { keepDraft: false, name: input.name, always: true });
      return {
        topology: await tx.topologies.get(input.id),
        changed: written.revision !== undefined,
        userName: await userName(tx, user),
        loaded: { version: written.version, replica },
      };
    });
    if (outcome.loaded) this.loaded.keep(documentKey(input.id), outcome.loaded.version, outcome.loaded.replica);
    if (outcome.changed) this.changed(input.id, outcome.topology.revision, user, outcome.userName ?? null);
    return outcome.topology;
  }

  /** Deletes a topology with its document. */
  async delete(id: string): Promise<void> {
    this.loaded.forget(documentKey(id));
    await this.store.unitOfWork(async (tx) => {
      await tx.topologies.delete(id);
      await tx.topologyDocuments.remove(id);
    });
  }

  /**
   * A topology's document as a replica `user` edits, and where it stands in the store: the replica
   * this process holds at the stored version when it has one (checked out for this unit; kept again
   * by the caller once the unit committed), found by reading the head only; else loaded from the
   * snapshot and its log. Undefined when the topology has no document.
   */
  private async working(tx: Repositories, topologyId: string, user: string): Promise<Working | undefined> {
    const head = await tx.topologyDocuments.head(topologyId);
    if (!head) return undefined;
    const cached = this.loaded.take(documentKey(topologyId), head.version);
    if (cached) return { head, replica: cached.forUser(user) };
    return this.load(tx, topologyId, user);
  }

  /** A topology's document loaded from the store (the snapshot and its log), with where it stands. */
  private async load(tx: Repositories, topologyId: string, user: string): Promise<Working | undefined> {
    const stored = await tx.topologyDocuments.load(topologyId);
    if (!stored) return undefined;
    return {
      head: { topologyId, heads: stored.heads, version: stored.version, changeCount: stored.changes.length },
      replica: loadReplica(stored, user),
    };
  }

  /** Runs a writing unit, again from a fresh load while other processes keep writing the document first. */
  private async writing<T>(work: (tx: Repositories) => Promise<T>, options: { retryRecordConflicts?: boolean } = {}): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.store.unitOfWork(work);
      } catch (error) {
        const moved =
          error instanceof DocumentMovedError || (options.retryRecordConflicts === true && error instanceof RevisionConflictError);
        if (!moved) throw error;
        if (attempt >= WRITE_ATTEMPTS) {
          throw new NimbusError(
            'store_conflict',
            'The shared document kept being changed by others while this change was saved; try again',
            {},
          );
        }
        const ceiling = 10 * 2 ** Math.min(attempt, 6);
        await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
      }
    }
  }

  private changed(topologyId: string, revision: number, userId: string, userName: string | null): void {
    this.publish(callerTenant(), { type: 'topology.changed', topologyId, revision, userId, userName, at: new Date().toISOString() });
  }
}

/** The user whose edits this call makes: its caller, else the engine itself. */
function callerUser(): string {
  return currentRequest()?.actor ?? ENGINE_USER;
}

/** The tenant a notice of this call belongs to. */
function callerTenant(): string {
  return currentRequest()?.tenant ?? 'default';
}

/** The stored document of a topology, made from the record the first time (two first opens store one). */
async function ensureDocument(tx: Repositories, topology: Topology, user: string): Promise<TopologyDocumentHead> {
  const stored = await tx.topologyDocuments.head(topology.id);
  if (stored) return stored;
  const replica = TopologyReplica.create(topology.document, user);
  await tx.topologyDocuments.create(topology.id, replica.save(), replica.heads());
  const made = await tx.topologyDocuments.head(topology.id);
  if (!made) throw new NimbusError('internal', `The shared document of topology ${topology.id} was stored but cannot be read back`, {});
  return made;
}

/** The stored snapshot with every logged change, as a replica `user` edits. */
function loadReplica(stored: StoredTopologyDocument, user: string): TopologyReplica {
  const replica = TopologyReplica.load(stored.snapshot, user);
  // The log's messages are change chunks: concatenated, they are one message, read and checked once.
  if (stored.changes.length > 0) replica.receive(Buffer.concat(stored.changes));
  return replica;
}

const sameHeads = (a: DocumentHeads, b: DocumentHeads) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Stores what `replica` holds beyond `stored` (one log message; a new snapshot once the log is long)
 * and writes what it reads as into the record. Returns the record's new revision, or undefined when
 * the document did not change (unless `always`: a save with a new name still saves the record), and
 * the document's stored version after the writes.
 */
async function writeChanges(
  tx: Repositories,
  topology: Pick<Topology, 'id' | 'revision'>,
  stored: TopologyDocumentHead,
  replica: TopologyReplica,
  options: { keepDraft: boolean; name?: string | undefined; always?: boolean },
): Promise<{ revision: number | undefined; version: number }> {
  const changed = !sameHeads(stored.heads, replica.heads());
  if (!changed && !options.always) return { revision: undefined, version: stored.version };
  let version = stored.version;
  if (changed) {
    const message = replica.changesSince(stored.heads);
    if (!(await tx.topologyDocuments.append(topology.id, message, replica.heads(), version))) throw new DocumentMovedError();
    version += 1;
    if (stored.changeCount + 1 > COMPACT_AFTER_CHANGES) {
      if (!(await tx.topologyDocuments.compact(topology.id, replica.save(), replica.heads(), version))) throw new DocumentMovedError();
      version += 1;
    }
  }
  const saved = await tx.topologies.save(topology.id, topology.revision, replica.read(), options.name, {
    keepDraft: options.keepDraft,
    documentHeads: replica.heads(),
  });
  return { revision: changed ? saved.revision : undefined, version };
}

/** Where this process keeps a topology's loaded document (ids are unique across tenants). */
const documentKey = (topologyId: string) => topologyId;

/** The display names of users by id (those this store knows). */
async function userNames(tx: Repositories, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const user = await tx.identity.userById(id);
    if (user) names.set(id, user.displayName || user.name);
  }
  return names;
}

/** The display name of a user, or null for one this store does not know (the desktop's own user, the engine). */
async function userName(tx: Repositories, id: string): Promise<string | null> {
  return (await userNames(tx, [id])).get(id) ?? null;
}

/** Conflicts as the API shows them: each value's user id and name (null where unknown). */
async function withUserNames(tx: Repositories, conflicts: ReturnType<TopologyReplica['conflicts']>): Promise<TopologyConflictView[]> {
  const names = await userNames(
    tx,
    conflicts.flatMap((conflict) => conflict.values.flatMap((value) => (value.userId ? [value.userId] : []))),
  );
  return conflicts.map((conflict) => ({
    kind: conflict.kind,
    collection: conflict.collection,
    id: conflict.id,
    ...(conflict.field !== undefined ? { field: conflict.field } : {}),
    path: [...conflict.path],
    values: conflict.values.map((value) => ({
      id: value.id,
      value: value.value,
      actor: value.actor,
      userId: value.userId ?? null,
      userName: value.userId ? (names.get(value.userId) ?? null) : null,
    })),
  }));
}

/** Bytes a client sent as base64 text; text that is not canonical base64 is `sync_document_invalid`. */
function fromBase64(text: string, what: string): Uint8Array {
  const bytes = strictBase64(text);
  if (!bytes) throw new SyncDocumentError(what, 'it is not base64 text');
  return bytes;
}

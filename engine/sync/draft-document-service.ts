/**
 * The shared server's side of draft documents: one CRDT document per component or stack draft
 * (`draft-document.ts`), made from the draft record the first time a replica asks. A replica's
 * changes are merged; when the merged draft passes the draft's checks it becomes the draft record
 * (revision + 1, audited) in the same unit of work, so every reader (the CLI, the browser shell,
 * publishing) sees it. A merged draft that fails the checks is kept in the document (nothing is lost)
 * and reported as the draft's problem until an edit mends it; the record keeps its last good draft.
 *
 * A draft saved by a client that does not speak documents (the CLI, an older desktop) moves the
 * record on; the next load takes that save into the document first, as a change of its own.
 *
 * Concurrency: calls for one draft in one process run one after another; a write names the document
 * version it was based on, and when another process wrote first the unit runs again from a fresh load
 * (CRDT changes commute, so nothing is lost), after a short random pause, a bounded number of times.
 * A call that changes nothing writes nothing, so readers never make writers run again.
 *
 * The stored heads are those of the document version the draft record holds: when the merged draft
 * fails the checks the record keeps its last good draft, and a save made without documents meanwhile
 * is taken as a change from that version, so the edits the document kept are not undone.
 */
import { NimbusError, NotFoundError, RevisionConflictError } from '../errors.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { DraftConflictView, SyncDraftDocumentOutput } from '../api/schemas/draft-documents.js';
import type { TopologyEventNotice } from '../api/schemas/topology-documents.js';
import type { DraftDocumentKind, StoredDraftDocument } from '../store/ports/draft-document-records.js';
import { userOfActor } from './actor-id.js';
import { DraftDocumentError, DraftReplica, type DraftFieldConflict } from './draft-document.js';
import { canonicalJson } from './value-encoding.js';
import { strictBase64, toBase64 } from './document-exchange.js';

/** The server's own actor for saves taken from the record (no user made them through a document). */
const RECORD_USER = 'nimbus-record';
const MAX_ATTEMPTS = 12;
/** The longest pause before running a unit again after another process wrote the document first. */
const MAX_PAUSE_MS = 40;

/** A draft as the document service needs it, whatever its kind. */
export interface DraftSubject {
  id: string;
  name: string;
  tenant: string | null;
  draft: Record<string, unknown>;
  draftRevision: number;
}

/** What differs between component and stack drafts: finding one, checking content, writing the record. */
export interface DraftKindRules {
  /** The draft `name` as the caller may change it; `not_found` or a read-only refusal otherwise. */
  find(tx: Repositories, tenant: string, name: string): Promise<DraftSubject>;
  /** The content checked as a save checks it; throws a `NimbusError` naming what is wrong. */
  check(content: Record<string, unknown>): Record<string, unknown>;
  /** Writes the draft record; false when its revision moved on meanwhile. */
  save(tx: Repositories, subject: DraftSubject, content: Record<string, unknown>): Promise<boolean>;
}

/** Who is asking: the scope's tenant and user (from the request context). */
export interface DraftCaller {
  tenant: string;
  userId: string;
}

class VersionMoved extends Error {}

/** A draft the caller may read but not change (a tenant above theirs, or the provider's), refused before anything is written. */
export class DraftNotWritableError extends NimbusError {
  override name = 'DraftNotWritableError';
  constructor(kind: DraftDocumentKind, name: string) {
    super('forbidden', `The ${kind} ${name} belongs to a tenant above yours; you can read its draft but not change it`, { kind, name });
  }
}

const sameHeads = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** Shared draft documents on the server (see the module comment). */
export class DraftDocumentService {
  /** The last call queued per draft (tenant, kind, name) in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: StorePort,
    private readonly rules: Record<DraftDocumentKind, DraftKindRules>,
    /** Tells the tenant's readers (in every server process) that a draft changed. */
    private readonly publish: (tenant: string, notice: TopologyEventNotice) => void = () => undefined,
  ) {}

  /** Merges a replica's changes; answers what it lacks (everything when it sent no heads), the conflicts and any problem. */
  async sync(
    caller: DraftCaller,
    kind: DraftDocumentKind,
    input: { name: string; heads: readonly string[]; changes: readonly string[] },
  ): Promise<SyncDraftDocumentOutput> {
    const what = (index: number) => `change ${index + 1} of ${input.changes.length}`;
    const messages = input.changes.map((text, index) => fromBase64(text, what(index)));
    const { answer, notice } = await this.retrying(caller, kind, input.name, async (tx) => {
      const loaded = await this.load(tx, caller, kind, input.name);
      const before = loaded.replica.heads().join();
      messages.forEach((message, index) => loaded.replica.receive(message, what(index)));
      const outcome = await this.settle(tx, kind, loaded);
      const notice = loaded.replica.heads().join() !== before ? await this.noticeOf(tx, caller, kind, loaded.subject.name) : undefined;
      const answer: SyncDraftDocumentOutput = {
        name: loaded.subject.name,
        revision: outcome.revision,
        heads: loaded.replica.heads(),
        changes: [toBase64(loaded.replica.changesSince(input.heads))],
        conflicts: await withUserNames(tx, loaded.replica.conflicts()),
        problem: outcome.problem,
      };
      return { answer, notice };
    });
    if (notice) this.publish(caller.tenant, notice);
    return answer;
  }

  /** Keeps one value of a conflict, as `caller`. */
  async resolve(
    caller: DraftCaller,
    kind: DraftDocumentKind,
    input: { name: string; path: readonly string[]; valueId: string },
  ): Promise<void> {
    const notice = await this.retrying(caller, kind, input.name, async (tx) => {
      const loaded = await this.load(tx, caller, kind, input.name);
      loaded.replica.resolve(input.path, input.valueId);
      await this.settle(tx, kind, loaded);
      return this.noticeOf(tx, caller, kind, loaded.subject.name);
    });
    // Told once the unit committed, so nobody reads the draft before the change is there.
    this.publish(caller.tenant, notice);
  }

  private async noticeOf(tx: Repositories, caller: DraftCaller, kind: DraftDocumentKind, name: string): Promise<TopologyEventNotice> {
    const user = await tx.identity.userById(caller.userId);
    return {
      type: 'draft.changed',
      kind,
      name,
      userId: caller.userId,
      userName: user ? user.displayName || user.name : null,
      at: new Date().toISOString(),
    };
  }

  /** The conflicts and problem of a draft's document, for its detail; undefined before its first sync. */
  async info(
    caller: DraftCaller,
    kind: DraftDocumentKind,
    draftId: string,
  ): Promise<{ conflicts: DraftConflictView[]; problem: string | null } | undefined> {
    return this.store.unitOfWork(async (tx) => {
      const stored = await tx.draftDocuments.load(kind, draftId);
      if (!stored) return undefined;
      const replica = DraftReplica.load(stored.document, kind, caller.userId);
      // The record holds the document as it is (its heads are the record's): it passed the checks then, no need to run them again.
      const problem = sameHeads(replica.heads(), stored.heads) ? null : this.problemOf(kind, replica);
      return { conflicts: await withUserNames(tx, replica.conflicts()), problem };
    });
  }

  private retrying<T>(caller: DraftCaller, kind: DraftDocumentKind, name: string, work: (tx: Repositories) => Promise<T>): Promise<T> {
    const key = JSON.stringify([caller.tenant, kind, name]);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.attempting(kind, name, work));
    this.queues.set(key, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    return next;
  }

  private async attempting<T>(kind: DraftDocumentKind, name: string, work: (tx: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.unitOfWork(work);
      } catch (error) {
        const moved =
          error instanceof VersionMoved || (error instanceof RevisionConflictError && error.details['entity'] === 'Draft document');
        if (!moved) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new NimbusError(
            'service_unavailable',
            `The ${kind} draft ${name} was changed by other servers ${attempt} times while this change was merged; nothing was saved, try again shortly`,
            { kind, name, attempts: attempt },
          );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_PAUSE_MS, 5 * attempt)));
      }
    }
  }

  private async load(tx: Repositories, caller: DraftCaller, kind: DraftDocumentKind, name: string) {
    const subject = await this.rules[kind].find(tx, caller.tenant, name);
    let stored = await tx.draftDocuments.load(kind, subject.id);
    if (!stored) {
      const first = DraftReplica.create(kind, subject.draft, RECORD_USER);
      try {
        await tx.draftDocuments.create(kind, subject.id, subject.tenant, first.save(), first.heads(), subject.draftRevision);
      } catch (error) {
        // A draft of a tenant above the caller's (or the provider's) is visible to it, but not its to change.
        if (subject.tenant !== caller.tenant) throw new DraftNotWritableError(kind, subject.name);
        throw error;
      }
      stored = await tx.draftDocuments.load(kind, subject.id);
      if (!stored) throw new NotFoundError('Draft document', name);
    }
    const replica = DraftReplica.load(stored.document, kind, caller.userId);
    const documentHeads = replica.heads();
    let recordHeads = stored.heads;
    if (stored.recordRevision !== subject.draftRevision) {
      // Saved by a client that does not speak documents since: that save is a change of the document too,
      // made from the version the record held, so it changes only what that client changed.
      const recordReplica = replica.forUser(RECORD_USER);
      const before = recordReplica.heads();
      if (recordReplica.applyFrom(stored.heads, subject.draft))
        recordHeads = recordReplica.heads().filter((head) => !before.includes(head));
      replica.receive(recordReplica.changesSince(replica.heads()));
    }
    return { subject, replica, stored, documentHeads, recordHeads };
  }

  /** Writes the merged draft into the record when it passes the checks, then the document; the revision and problem after. */
  private async settle(
    tx: Repositories,
    kind: DraftDocumentKind,
    loaded: { subject: DraftSubject; replica: DraftReplica; stored: StoredDraftDocument; documentHeads: string[]; recordHeads: string[] },
  ): Promise<{ revision: number; problem: string | null }> {
    const { subject, replica, stored } = loaded;
    let revision = subject.draftRevision;
    let problem: string | null = null;
    let checked: Record<string, unknown> | undefined;
    try {
      checked = this.rules[kind].check(replica.read());
    } catch (error) {
      if (!(error instanceof NimbusError) || error instanceof DraftDocumentError) throw error;
      problem = error.message;
    }
    if (checked && canonicalJson(checked) !== canonicalJson(subject.draft)) {
      if (!(await this.rules[kind].save(tx, subject, checked))) throw new VersionMoved();
      revision += 1;
    }
    const recordHeads = checked ? replica.heads() : loaded.recordHeads;
    const unchanged =
      revision === stored.recordRevision && sameHeads(replica.heads(), loaded.documentHeads) && sameHeads(recordHeads, stored.heads);
    if (unchanged) return { revision, problem };
    if (!(await tx.draftDocuments.write(kind, subject.id, replica.save(), recordHeads, revision, stored.version))) {
      const now = await tx.draftDocuments.load(kind, subject.id);
      // Unmoved yet unwritten: the store does not let this caller change the draft's document.
      if (now?.version === stored.version) throw new DraftNotWritableError(kind, subject.name);
      throw new VersionMoved();
    }
    return { revision, problem };
  }

  private problemOf(kind: DraftDocumentKind, replica: DraftReplica): string | null {
    try {
      this.rules[kind].check(replica.read());
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}

/** Conflicts as the API shows them: each value's user id and display name (null where unknown). */
async function withUserNames(tx: Repositories, conflicts: readonly DraftFieldConflict[]): Promise<DraftConflictView[]> {
  const names = new Map<string, string | null>();
  for (const conflict of conflicts) {
    for (const value of conflict.values) {
      const userId = userOfActor(value.actor);
      if (userId === undefined || names.has(userId)) continue;
      const user = userId === RECORD_USER ? undefined : await tx.identity.userById(userId);
      names.set(userId, user ? user.displayName || user.name : null);
    }
  }
  return conflicts.map((conflict) => ({
    path: [...conflict.path],
    values: conflict.values.map((value) => {
      const userId = userOfActor(value.actor) ?? null;
      return { id: value.id, value: value.value, actor: value.actor, userId, userName: userId ? (names.get(userId) ?? null) : null };
    }),
  }));
}

/** Bytes a client sent as base64 text; text that is not canonical base64 is `sync_document_invalid`. */
function fromBase64(text: string, what: string): Uint8Array {
  const bytes = strictBase64(text);
  if (!bytes) throw new DraftDocumentError(what, 'it is not base64 text');
  return bytes;
}

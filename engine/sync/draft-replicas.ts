/**
 * The desktop's replicas of component and stack drafts kept as shared documents
 * (`draft-document.ts`), so drafts are authored offline and merge with every edit kept when the
 * server answers again.
 *
 * - Opening: a draft read while connected (`getComponent`, `getStack`) has its document fetched and
 *   kept here; from then on it is editable offline. A draft never opened here while connected cannot
 *   be edited offline (the refusal says so).
 * - Reading a held draft: the detail the server (or, offline, the replica of the server's data) gives
 *   is shown with the draft this desktop holds, its conflicts, whether edits wait, and any problem the
 *   server found; when the server's draft differs, or edits wait, they are exchanged first (bounded
 *   wait). The revision in the answer is this desktop's own, one per state of the replica, so a save
 *   names the state its editor started from and only what the editor changed is recorded
 *   (`DraftReplica.applyFrom`): edits that arrived meanwhile are kept, never reverted.
 * - Editing (`updateComponentDraft`, `saveStackDraft`, `resolve…DraftConflict`): checked here as the
 *   server checks it, applied to the replica and kept, then pushed at once. `expectedRevision`
 *   refuses nothing: the CRDT merges concurrent edits, and a field set on two desktops is a conflict.
 * - Offline, or while the server has passing trouble: the edit waits, marked in the store, and a
 *   pusher sends waiting drafts with backoff, at once when a session opens, another call succeeds,
 *   or `syncNow` is asked. A refusal (permission revoked, say) stops sending that draft until the
 *   next edit or `syncNow`, with the error shown.
 * - Creating offline (`createComponent`, `createStack`): checked here, made as a document on this
 *   desktop and listed with the server's; once the server answers it is created there with the
 *   draft as it stands then (everything done to it since included), and the desktop takes the
 *   server's document of it from then on. A name taken on the server meanwhile leaves the draft here,
 *   with the refusal, until it is discarded.
 * - Publishing waits for this desktop's edits to reach the server, so a version never misses them.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { contract } from '../api/contract.js';
import type { DispatchResult } from '../api/dispatcher.js';
import type { DraftConflictView, DraftSyncInfo, SyncDraftDocumentOutput } from '../api/schemas/draft-documents.js';
import type { TopologyEventNotice } from '../api/schemas/topology-documents.js';
import { parseOrThrow } from '../api/validate.js';
import type { MethodName } from '../common/method-names.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import { normaliseServerUrl } from '../remote/server-url.js';
import type { LinkCall, LinkInterceptor, LinkSession } from '../server-link/server-link.js';
import type { DocumentReplicaPort, ReplicaServer } from '../store/ports/document-replica-records.js';
import type { DraftDocumentKind, DraftReplicaPort, DraftReplicaRecord } from '../store/ports/draft-document-records.js';
import { userOfActor } from './actor-id.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { fromBase64, PASSING_CODES, PUSH_WAIT_MS, RetryTimer, toBase64, waitAtMost } from './document-exchange.js';
import { DraftReplica } from './draft-document.js';
import { realClock, type SyncClock } from './sync-outbox.js';
import type { TopologyEvents } from './topology-events.js';
import { canonicalJson } from './value-encoding.js';

/** What each kind's methods are called. */
const KINDS = {
  component: {
    get: 'getComponent',
    save: 'updateComponentDraft',
    sync: 'syncComponentDraftDocument',
    resolve: 'resolveComponentDraftConflict',
    publish: 'publishComponent',
    create: 'createComponent',
    list: 'listComponents',
    field: 'content',
    exists: 'component_exists',
  },
  stack: {
    get: 'getStack',
    save: 'saveStackDraft',
    sync: 'syncStackDraftDocument',
    resolve: 'resolveStackDraftConflict',
    publish: 'publishStack',
    create: 'createStack',
    list: 'listStacks',
    field: 'document',
    exists: 'stack_exists',
  },
} as const satisfies Record<DraftDocumentKind, Record<string, string>>;

type Role = 'get' | 'save' | 'resolve' | 'publish' | 'create' | 'list';

/** The kind and role of a method these replicas take part in, if any. */
function roleOf(method: MethodName): { kind: DraftDocumentKind; role: Role } | undefined {
  for (const kind of ['component', 'stack'] as const) {
    for (const role of ['get', 'save', 'resolve', 'publish', 'create', 'list'] as const)
      if (KINDS[kind][role] === method) return { kind, role };
  }
  return undefined;
}

const ok = (result: unknown): DispatchResult => ({ ok: true, result });

/** A draft's detail as the API gives it (component or stack): only the fields these replicas touch are typed. */
interface DraftDetail {
  id: string;
  name: string;
  draft: Record<string, unknown>;
  draftRevision: number;
  issues?: unknown[];
  draftSync?: DraftSyncInfo;
}

/** What the draft replicas need. */
export interface DraftReplicasOptions {
  store: DraftReplicaPort;
  /** Names of users whose edits replicas hold (shared with the topology replicas). */
  users: Pick<DocumentReplicaPort, 'users' | 'rememberUser' | 'signedInUser'>;
  /** Checks a draft's content as the server would (`invalid_input` naming what is wrong); returns it as saved. */
  check: Record<DraftDocumentKind, (content: unknown) => Record<string, unknown>>;
  /** The detail the replica of the server's data kept for a read, for answering offline. */
  kept(call: LinkCall): Promise<unknown>;
  /** Lets the replica of the server's data keep a detail fetched here (these replicas answer reads of held drafts themselves). */
  observe(call: LinkCall, result: unknown): Promise<void>;
  /** The category of a semantic type (for a component created offline), if this desktop's catalog knows it. */
  categoryOf(semanticType: string): string | undefined;
  /** Where this desktop's own page hears that a draft changed elsewhere. */
  events: TopologyEvents;
  /** The tenant of this engine's own clients (the owner's), whom the notices are for. */
  localTenant: string;
  logger: Logger;
  policy?: Partial<RetryPolicy>;
  clock?: SyncClock;
  random?: () => number;
  pushWaitMs?: number;
}

interface Held {
  replica: DraftReplica;
  record: DraftReplicaRecord;
  edits: number;
  /** The heads each revision answered here stood for: what an editor saving on that revision started from. */
  seen: Map<number, string[]>;
}

interface Current {
  session: LinkSession;
  server: ReplicaServer;
  me: Promise<string>;
  stop: () => void;
  /** Kinds of drafts the server refused this user to change (no replica is kept of them). */
  readOnly: Set<DraftDocumentKind>;
}

/** The desktop's replicas of shared drafts, on the server link (see the module comment). */
export class DraftReplicas implements LinkInterceptor {
  private current: Current | undefined;
  private readonly held = new Map<string, Promise<Held | undefined>>();
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly names = new Map<string, string>();
  private readonly clock: SyncClock;
  private readonly pushWaitMs: number;
  private readonly retry: RetryTimer;
  private draining: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: DraftReplicasOptions) {
    this.clock = options.clock ?? realClock;
    this.pushWaitMs = options.pushWaitMs ?? PUSH_WAIT_MS;
    this.retry = new RetryTimer(this.clock, { ...DEFAULT_RETRY_POLICY, ...options.policy }, options.random ?? Math.random);
  }

  /** How many drafts hold edits the server has not taken yet. */
  waiting(): Promise<number> {
    return this.options.store.countWaiting();
  }

  /** Sends every waiting draft now (refused ones too) and pulls every held one. */
  async syncNow(): Promise<void> {
    const current = this.current;
    if (!current) return;
    for (const record of await this.options.store.list(current.server)) {
      if (record.lastError) await this.keep(current, { ...record, lastError: null });
    }
    this.retry.reset();
    await this.drain(current, true);
  }

  /**
   * Gives up this desktop's replica of a draft: its unsent edits, or the whole draft when it was made
   * here offline and the server does not have it (a name taken there meanwhile, say). The server's
   * draft is untouched; a draft the server has is read from there again.
   */
  async discard(kind: DraftDocumentKind, name: string): Promise<{ discarded: boolean; onServer: boolean }> {
    const current = this.current;
    if (!current) return { discarded: false, onServer: true };
    const key = `${kind}:${name}`;
    await this.syncing.get(key)?.catch(() => undefined);
    const record = await this.options.store.get(current.server, kind, name);
    if (!record) return { discarded: false, onServer: true };
    this.held.delete(key);
    await this.options.store.remove(current.server, kind, name);
    return { discarded: true, onServer: record.onServer };
  }

  dispose(): void {
    this.disposed = true;
    this.retry.clear();
    this.current?.stop();
    this.current = undefined;
  }

  sessionChanged(session: LinkSession | undefined): void {
    this.current?.stop();
    this.current = undefined;
    this.held.clear();
    this.retry.clear();
    this.retry.reset();
    if (!session || this.disposed) return;
    const server: ReplicaServer = { url: normaliseServerUrl(session.url), tenant: session.tenant };
    const current: Current = { session, server, me: this.identify(session, server), stop: () => undefined, readOnly: new Set() };
    current.stop = session.client.onTopologyEvent((notice) => {
      if (notice.type !== 'draft.changed' || this.current !== current) return;
      void this.heard(current, notice).catch((error: unknown) =>
        logFailure(this.options.logger, 'warn', `Taking another editor's change of the ${notice.kind} draft ${notice.name} failed`, error),
      );
    });
    this.current = current;
    void this.drain(current, false);
  }

  async before(call: LinkCall): Promise<DispatchResult | undefined> {
    const current = this.currentFor(call.session);
    const found = roleOf(call.method);
    if (!current || !found) return undefined;
    const { kind, role } = found;
    const input = parseOrThrow(contract[call.method].input as z.ZodType, call.input ?? {}, `input to ${call.method}`) as Record<
      string,
      unknown
    >;
    const name = input.name as string;
    switch (role) {
      case 'list':
        return this.listed(current, call, kind, input);
      case 'create': {
        const made = await this.options.store.get(current.server, kind, name);
        if (made && !made.onServer) throw this.exists(kind, name, 'was created on this desktop already and waits to be sent');
        return undefined;
      }
      case 'get': {
        const held = await this.load(current, kind, name);
        if (!held) return undefined;
        return this.detailOf(current, call, held);
      }
      case 'save':
      case 'resolve': {
        const held = (await this.load(current, kind, name)) ?? (await this.open(current, kind, name).catch(() => undefined));
        if (!held) return undefined;
        if (role === 'save') {
          const content = this.options.check[kind](input[KINDS[kind].field]);
          const from = held.seen.get(input.expectedRevision as number);
          await this.edit(current, held, (replica) => (from ? replica.applyFrom(from, content) : replica.apply(content)));
        } else {
          await this.edit(current, held, (replica) => {
            replica.resolve(input.path as string[], input.valueId as string);
            return true;
          });
        }
        return this.detailOf(current, { ...call, method: KINDS[kind].get, input: { name } }, held);
      }
      case 'publish': {
        const held = await this.load(current, kind, name);
        if (!held || (!held.record.waiting && held.record.onServer)) return undefined;
        await this.within(this.sync(current, kind, name));
        if (!held.record.waiting && held.record.onServer) return undefined;
        const reason = held.record.lastError?.message ?? 'the server cannot be reached';
        throw new NimbusError(
          'draft_unsent',
          `Edits of the ${kind} draft ${name} made on this desktop have not reached the server yet (${reason}); publish once they are sent (the Sync page, nimbus sync status)`,
          { kind, name },
        );
      }
    }
  }

  async after(call: LinkCall, result: unknown): Promise<void> {
    const current = this.currentFor(call.session);
    const found = roleOf(call.method);
    if (!current) return;
    if (this.retry.pending) this.kick(current);
    if (!found || (found.role !== 'get' && found.role !== 'create')) return;
    const detail = result as DraftDetail;
    // Opened (or made) while connected: fetch its document, so it stays editable offline. Not for
    // built-in components, nor for a user the server does not let change drafts of this kind.
    if ((detail as { system?: boolean }).system === true || current.readOnly.has(found.kind)) return;
    if (await this.load(current, found.kind, detail.name)) return;
    try {
      await this.open(current, found.kind, detail.name);
    } catch (error) {
      if (error instanceof NimbusError && error.code === 'forbidden') current.readOnly.add(found.kind);
      else throw error;
    }
  }

  async offline(call: LinkCall): Promise<DispatchResult | undefined> {
    const current = this.currentFor(call.session);
    const found = roleOf(call.method);
    if (!current || !found) return undefined;
    try {
      if (found.role === 'create') return ok(await this.createHere(current, call, found.kind));
      if (found.role === 'list') {
        const records = (await this.options.store.list(current.server)).filter((record) => record.kind === found.kind && !record.onServer);
        const kept = (await this.options.kept(call)) as DraftDetail[] | undefined;
        if (records.length === 0 || !kept) return undefined;
        return ok([...this.unsentSummaries(records, (call.input ?? {}) as Record<string, unknown>, kept), ...kept]);
      }
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
    if (found.role !== 'save' && found.role !== 'resolve') return undefined;
    const name = (call.input as { name?: unknown } | undefined)?.name;
    return {
      ok: false,
      error: toWireError(
        new NimbusError(
          'offline_unavailable',
          `The ${found.kind} draft ${String(name)} was never opened on this desktop while connected to the server, so it cannot be edited offline; open it once while connected`,
          { kind: found.kind, name: String(name) },
        ),
      ),
    };
  }

  private async detailOf(current: Current, call: LinkCall, held: Held): Promise<DispatchResult> {
    if (!held.record.onServer) {
      // Made here offline: created on the server first, if it answers.
      await this.within(this.sync(current, held.record.kind, held.record.name));
      if (!held.record.onServer) return ok(await this.overlay(current, held, held.record.detail as unknown as DraftDetail));
    }
    let base: DraftDetail | undefined;
    try {
      base = (await current.session.client.call(call.method, { name: held.record.name } as never)) as DraftDetail;
      await this.options
        .observe({ ...call, input: { name: held.record.name } }, base)
        .catch((error: unknown) =>
          logFailure(this.options.logger, 'warn', `Keeping the detail of ${held.record.name} for offline reading failed`, error),
        );
      // The server has edits this desktop lacks (or lacks this desktop's): exchange them before answering.
      if (held.record.waiting || canonicalJson(base.draft) !== canonicalJson(held.replica.read()))
        await this.within(this.sync(current, held.record.kind, held.record.name));
    } catch (error) {
      if (!(error instanceof NimbusError) || !PASSING_CODES.has(error.code)) return { ok: false, error: toWireError(error) };
      base = (await this.options.kept(call)) as DraftDetail | undefined;
      if (!base) return { ok: false, error: toWireError(error) };
    }
    return ok(await this.overlay(current, held, base));
  }

  /** A detail (the server's, kept, or made offline) showing the draft this desktop holds, its conflicts and state. */
  private async overlay(current: Current, held: Held, base: DraftDetail): Promise<DraftDetail> {
    const draft = held.replica.read();
    const sameDraft = canonicalJson(draft) === canonicalJson(base.draft);
    const detail: DraftDetail = {
      ...base,
      draft,
      draftRevision: await this.revisionOf(current, held),
      draftSync: {
        conflicts: await this.conflictsOf(current, held),
        waiting: held.record.waiting || !held.record.onServer,
        ...(held.record.onServer ? {} : { local: true }),
        problem: held.record.problem ?? held.record.lastError?.message ?? null,
      },
    };
    // A stack's issues are the server's reading of its draft: shown while they are about this draft.
    if (Array.isArray(base.issues) && !sameDraft) detail.issues = [];
    return detail;
  }

  /** The server's list with the drafts created here that it does not have yet (answered offline from the kept list). */
  private async listed(
    current: Current,
    call: LinkCall,
    kind: DraftDocumentKind,
    input: Record<string, unknown>,
  ): Promise<DispatchResult | undefined> {
    const unsent = (await this.options.store.list(current.server)).filter((record) => record.kind === kind && !record.onServer);
    if (unsent.length === 0) return undefined;
    try {
      const listed = (await current.session.client.call(call.method, input as never)) as unknown as DraftDetail[];
      return ok([...this.unsentSummaries(unsent, input, listed), ...listed]);
    } catch (error) {
      if (error instanceof NimbusError && PASSING_CODES.has(error.code)) return this.offline(call);
      return { ok: false, error: toWireError(error) };
    }
  }

  /** Summaries of drafts created here and not on the server, filtered as the list asked, leaving out names it lists. */
  private unsentSummaries(
    records: readonly DraftReplicaRecord[],
    filter: Record<string, unknown>,
    listed: readonly { name: string }[],
  ): unknown[] {
    const names = new Set(listed.map((entry) => entry.name));
    const search = typeof filter.search === 'string' ? filter.search.toLowerCase() : undefined;
    return records
      .filter((record) => record.detail && !names.has(record.name))
      .map((record) => {
        const {
          draft: _draft,
          versions: _versions,
          issues: _issues,
          draftSync: _sync,
          ...summary
        } = record.detail as Record<string, unknown>;
        return summary;
      })
      .filter(
        (summary) =>
          (filter.provider === undefined || summary.provider === filter.provider) &&
          (filter.category === undefined || summary.category === filter.category) &&
          (filter.semanticType === undefined || summary.semanticType === filter.semanticType) &&
          (search === undefined || `${String(summary.name)} ${String(summary.description)}`.toLowerCase().includes(search)),
      );
  }

  private exists(kind: DraftDocumentKind, name: string, why: string): NimbusError {
    return new NimbusError(KINDS[kind].exists, `A ${kind} named ${name} ${why}`, { name });
  }

  /** Creates a draft on this desktop while the server cannot be reached (see the module comment). */
  private async createHere(current: Current, call: LinkCall, kind: DraftDocumentKind): Promise<DraftDetail> {
    const input = parseOrThrow(contract[call.method].input as z.ZodType, call.input ?? {}, `input to ${call.method}`) as Record<
      string,
      unknown
    >;
    const name = input.name as string;
    if (await this.options.store.get(current.server, kind, name)) throw this.exists(kind, name, 'is on this desktop already');
    const kept = (await this.options.kept({ ...call, method: KINDS[kind].list, input: {} })) as { name: string }[] | undefined;
    if (kept?.some((entry) => entry.name === name)) throw this.exists(kind, name, 'exists on the server already');
    const content = this.options.check[kind](input[KINDS[kind].field]);
    const replica = DraftReplica.create(kind, content, await current.me);
    const now = new Date(this.clock.now()).toISOString();
    const shared = input.shared === true;
    const { [KINDS[kind].field]: _content, ...creation } = input;
    const description = typeof content.description === 'string' ? content.description : '';
    const detail: DraftDetail & Record<string, unknown> =
      kind === 'component'
        ? {
            id: randomUUID(),
            name,
            provider: input.provider,
            semanticType: input.semanticType,
            category: this.options.categoryOf(String(input.semanticType)) ?? '',
            tenant: shared ? null : current.server.tenant,
            system: false,
            description,
            latestVersion: null,
            draftRevision: 1,
            draft: content,
            versions: [],
          }
        : {
            id: randomUUID(),
            name,
            tenant: shared ? null : current.server.tenant,
            description,
            latestVersion: null,
            provider: null,
            forkedFrom: null,
            draftRevision: 1,
            updatedAt: now,
            draft: content,
            issues: [],
          };
    const record: DraftReplicaRecord = {
      server: current.server,
      kind,
      name,
      document: replica.save(),
      serverHeads: [],
      waiting: true,
      revision: 1,
      lastError: null,
      problem: null,
      onServer: false,
      creation,
      detail,
      updatedAt: now,
    };
    await this.keep(current, record);
    const held: Held = { replica, record, edits: 1, seen: new Map([[1, replica.heads()]]) };
    this.held.set(`${kind}:${name}`, Promise.resolve(held));
    this.retryLater(current);
    return this.overlay(current, held, detail);
  }

  /**
   * Creates a draft made here offline on the server, with the draft as it stands now, then takes the
   * server's document of it (edits made meanwhile are applied on top). A name taken there meanwhile is
   * a refusal kept on the draft.
   */
  private async createOnServer(current: Current, held: Held): Promise<void> {
    const { kind, name } = held.record;
    const edits = held.edits;
    const content = held.replica.read();
    try {
      await current.session.client.call(KINDS[kind].create, { ...held.record.creation, name, [KINDS[kind].field]: content } as never);
    } catch (error) {
      // Sent before, and the answer lost: it is there already if it holds this very draft.
      const ours =
        error instanceof NimbusError &&
        error.code === KINDS[kind].exists &&
        canonicalJson(
          ((await current.session.client.call(KINDS[kind].get, { name } as never).catch(() => undefined)) as DraftDetail | undefined)
            ?.draft,
        ) === canonicalJson(this.options.check[kind](content));
      if (!ours) throw error;
    }
    const { answer, replica } = await this.wholeDocument(current, kind, name);
    const since = held.edits !== edits;
    if (since) replica.apply(held.replica.read());
    held.replica = replica;
    held.seen.clear();
    held.record = {
      ...held.record,
      document: replica.save(),
      serverHeads: answer.heads,
      waiting: since,
      onServer: true,
      creation: null,
      lastError: null,
      problem: answer.problem,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.keep(current, held.record);
  }

  /** This desktop's revision for the replica's state now: the last one answered while unchanged, else the next. */
  private async revisionOf(current: Current, held: Held): Promise<number> {
    const heads = held.replica.heads();
    const same = (a: readonly string[] | undefined) => a !== undefined && [...a].sort().join() === [...heads].sort().join();
    if (same(held.seen.get(held.record.revision))) return held.record.revision;
    held.record = { ...held.record, revision: held.record.revision + 1 };
    held.seen.set(held.record.revision, heads);
    await this.keep(current, held.record);
    return held.record.revision;
  }

  private async conflictsOf(current: Current, held: Held): Promise<DraftConflictView[]> {
    if (this.names.size === 0)
      for (const user of await this.options.users.users(current.server)) this.names.set(user.userId, user.userName);
    return held.replica.conflicts().map((conflict) => ({
      path: conflict.path,
      values: conflict.values.map((value) => {
        const userId = userOfActor(value.actor) ?? null;
        return { id: value.id, value: value.value, actor: value.actor, userId, userName: userId ? (this.names.get(userId) ?? null) : null };
      }),
    }));
  }

  private async edit(current: Current, held: Held, change: (replica: DraftReplica) => boolean): Promise<void> {
    if (!change(held.replica)) return;
    held.edits += 1;
    held.record = {
      ...held.record,
      document: held.replica.save(),
      waiting: true,
      lastError: null,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.keep(current, held.record);
    await this.within(this.sync(current, held.record.kind, held.record.name));
  }

  /** Exchanges one draft's changes with the server (one exchange per draft at a time). */
  private sync(current: Current, kind: DraftDocumentKind, name: string): Promise<void> {
    const key = `${kind}:${name}`;
    const previous = this.syncing.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.exchange(current, kind, name));
    this.syncing.set(key, next);
    void next.finally(() => this.syncing.get(key) === next && this.syncing.delete(key)).catch(() => undefined);
    return next;
  }

  private async exchange(current: Current, kind: DraftDocumentKind, name: string): Promise<void> {
    const held = await this.load(current, kind, name);
    if (!held || this.current !== current) return;
    if (!held.record.onServer) {
      try {
        await this.createOnServer(current, held);
      } catch (error) {
        await this.refused(current, held, error);
        throw error;
      }
      if (!held.record.waiting) return;
    }
    const edits = held.edits;
    const changes = held.record.waiting ? [toBase64(held.replica.changesSince(held.record.serverHeads))] : [];
    let answer: SyncDraftDocumentOutput;
    try {
      answer = (await current.session.client.call(KINDS[kind].sync, {
        name,
        heads: held.replica.heads(),
        changes,
      } as never)) as SyncDraftDocumentOutput;
    } catch (error) {
      await this.refused(current, held, error);
      throw error;
    }
    for (const message of answer.changes) held.replica.receive(fromBase64(message));
    for (const conflict of answer.conflicts)
      for (const value of conflict.values) if (value.userId && value.userName) await this.learn(current, value.userId, value.userName);
    held.record = {
      ...held.record,
      document: held.replica.save(),
      serverHeads: answer.heads,
      waiting: held.edits !== edits,
      lastError: null,
      problem: answer.problem,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.keep(current, held.record);
  }

  /** A refusal is kept on the draft (sending it stops until the next edit or Sync now); passing trouble is retried later. */
  private async refused(current: Current, held: Held, error: unknown): Promise<void> {
    if (error instanceof NimbusError && !PASSING_CODES.has(error.code)) {
      held.record = { ...held.record, lastError: { code: error.code, message: error.message } };
      await this.keep(current, held.record);
      logFailure(this.options.logger, 'warn', `The server refused the ${held.record.kind} draft ${held.record.name}`, error);
    } else {
      this.retryLater(current);
    }
  }

  /** Another desktop changed a draft: a held one takes the change first, then this desktop's page is told. */
  private async heard(current: Current, notice: Extract<TopologyEventNotice, { type: 'draft.changed' }>): Promise<void> {
    if (notice.userId && notice.userName) await this.learn(current, notice.userId, notice.userName);
    if (await this.load(current, notice.kind, notice.name)) await this.sync(current, notice.kind, notice.name).catch(() => undefined);
    if (this.current === current) this.options.events.emit({ tenant: this.options.localTenant, notice });
  }

  private async learn(current: Current, userId: string, userName: string): Promise<void> {
    if (this.names.get(userId) === userName) return;
    this.names.set(userId, userName);
    await this.options.users.rememberUser(current.server, { userId, userName });
  }

  /** The server's whole document of a draft (asked with no heads), as this desktop's user's replica. */
  private async wholeDocument(current: Current, kind: DraftDocumentKind, name: string) {
    const me = await current.me;
    const answer = (await current.session.client.call(KINDS[kind].sync, {
      name,
      heads: [],
      changes: [],
    } as never)) as SyncDraftDocumentOutput;
    const [whole] = answer.changes;
    if (!whole) throw new NimbusError('server_answer_invalid', `The server sent no document of the ${kind} draft ${name}`, { kind, name });
    return { answer, replica: DraftReplica.load(fromBase64(whole), kind, me) };
  }

  /** Fetches a draft's whole document from the server and keeps it. */
  private open(current: Current, kind: DraftDocumentKind, name: string): Promise<Held | undefined> {
    const key = `${kind}:${name}`;
    const opening = (async () => {
      const { answer, replica } = await this.wholeDocument(current, kind, name);
      const record: DraftReplicaRecord = {
        server: current.server,
        kind,
        name,
        document: replica.save(),
        serverHeads: answer.heads,
        waiting: false,
        revision: answer.revision,
        lastError: null,
        problem: answer.problem,
        onServer: true,
        creation: null,
        detail: null,
        updatedAt: new Date(this.clock.now()).toISOString(),
      };
      await this.keep(current, record);
      return { replica, record, edits: 0, seen: new Map([[record.revision, replica.heads()]]) };
    })();
    this.held.set(key, opening);
    opening.catch(() => this.held.get(key) === opening && this.held.delete(key));
    return opening;
  }

  private load(current: Current, kind: DraftDocumentKind, name: string): Promise<Held | undefined> {
    const key = `${kind}:${name}`;
    let loading = this.held.get(key);
    if (!loading) {
      loading = (async () => {
        const record = await this.options.store.get(current.server, kind, name);
        if (!record) return undefined;
        const replica = DraftReplica.load(record.document, kind, await current.me);
        return { replica, record, edits: 0, seen: new Map([[record.revision, replica.heads()]]) };
      })();
      this.held.set(key, loading);
      // Nothing held yet: ask the store again next time (an open may have kept one since).
      void loading.then((held) => !held && this.held.get(key) === loading && this.held.delete(key)).catch(() => this.held.delete(key));
    }
    return loading;
  }

  private async drain(current: Current, all: boolean): Promise<void> {
    this.draining ??= (async () => {
      try {
        const records = await this.options.store.list(current.server);
        for (const record of records.filter((entry) => !entry.lastError && (all || entry.waiting))) {
          if (this.current !== current) return;
          try {
            await this.sync(current, record.kind, record.name);
          } catch (error) {
            if (!(error instanceof NimbusError) || PASSING_CODES.has(error.code)) return;
          }
        }
        this.retry.reset();
      } catch (error) {
        logFailure(this.options.logger, 'error', 'Sending the waiting edits of shared drafts failed', error);
        this.retryLater(current);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private kick(current: Current): void {
    this.retry.clear();
    void this.drain(current, false);
  }

  private retryLater(current: Current): void {
    if (this.disposed || this.current !== current) return;
    this.retry.schedule(() => {
      if (this.current === current) void this.drain(current, false);
    });
  }

  private async identify(session: LinkSession, server: ReplicaServer): Promise<string> {
    try {
      const who = (await session.client.call('whoAmI', {})) as { user: { id: string } };
      return who.user.id;
    } catch {
      return (await this.options.users.signedInUser(server).catch(() => undefined))?.userId ?? session.user;
    }
  }

  private async keep(current: Current, record: DraftReplicaRecord): Promise<void> {
    if (this.current !== current) return;
    await this.options.store.put(record);
  }

  private within<T>(work: Promise<T>): Promise<T | undefined> {
    return waitAtMost(this.clock, this.pushWaitMs, work);
  }

  private currentFor(session: LinkSession): Current | undefined {
    const current = this.current;
    return current && current.session.client === session.client ? current : undefined;
  }
}

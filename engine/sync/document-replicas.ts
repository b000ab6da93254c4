/**
 * The desktop's replicas of a shared server's topology documents: while the desktop is connected,
 * topologies are read and edited in a local CRDT replica (`TopologyReplica`) kept in the data
 * directory, so editing goes on offline and merges when the server answers again, and edits made
 * on other desktops arrive live.
 *
 * - Reading (`getTopology`): from the replica once the desktop holds one (after a quick pull while
 *   the server answers); the first read of a topology forwards, then opens its document and keeps it.
 * - Editing (`saveTopology`, `saveTopologyDraft`, `resolveTopologyConflict`): applied to the replica
 *   and kept, then pushed at once (`syncTopologyDocument`). A draft of a shared topology is no
 *   private draft: it is applied like a save, so the other editors see it live. `expectedRevision`
 *   refuses nothing (the CRDT merges concurrent edits); the answer's revision is the replica's.
 * - Offline, or while the server has passing trouble: the edit waits, marked in the store, and a
 *   pusher sends waiting documents with backoff, and at once when a session opens, the server
 *   answers another call, its event connection is back, or `syncNow` is asked. Nothing is lost to a
 *   crash or a server killed mid-sync: a replica stays waiting until an answer said the server has it.
 * - Creating offline makes the document here (with a new id) and creates it on the server later,
 *   with that id and document (`createTopology({ id, name, sharedDocument })`).
 * - Live: the server's `topology.changed` notice makes the desktop pull, merge and keep, then tell
 *   its own page (`TopologyEvents`); presence notices are relayed as they come.
 *
 * Replicas belong to one server and tenant (the normalised address and the tenant signed in to), so
 * two servers or tenants never mix.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { contract } from '../api/contract.js';
import type { DispatchResult } from '../api/dispatcher.js';
import { parseOrThrow } from '../api/validate.js';
import type { MethodName } from '../common/method-names.js';
import type { Topology, TopologyDocument, TopologySummary } from '../api/schemas/topology.js';
import type { TopologyEventNotice } from '../api/schemas/topology-documents.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import { normaliseServerUrl } from '../remote/server-url.js';
import type { LinkCall, LinkInterceptor, LinkSession } from '../server-link/server-link.js';
import type { DocumentReplicaPort, DocumentReplicaRecord, ReplicaServer, ReplicaUser } from '../store/ports/document-replica-records.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { fromBase64, PASSING_CODES, PUSH_WAIT_MS, RetryTimer, toBase64, waitAtMost } from './document-exchange.js';
import { realClock, type SyncClock } from './sync-outbox.js';
import { TopologyReplica } from './topology-document.js';
import type { TopologyEvents } from './topology-events.js';

const EMPTY_DOCUMENT: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

const ok = (result: unknown): DispatchResult => ({ ok: true, result });
const sameHeads = (a: readonly string[], b: readonly string[]) => [...a].sort().join(',') === [...b].sort().join(',');

/** Methods a replica may answer before the server is asked. */
const ANSWERED: ReadonlySet<MethodName> = new Set<MethodName>([
  'getTopology',
  'saveTopology',
  'saveTopologyDraft',
  'getTopologyDraft',
  'discardTopologyDraft',
  'listTopologyConflicts',
  'resolveTopologyConflict',
  'deleteTopology',
  'listTopologies',
]);

/** A call's input checked by its method's schema (`invalid_input` otherwise). */
function checked(call: LinkCall): Record<string, unknown> {
  return parseOrThrow(contract[call.method].input as z.ZodType, call.input ?? {}, `input to ${call.method}`) as Record<string, unknown>;
}

/** What the replicas need. */
export interface DocumentReplicasOptions {
  store: DocumentReplicaPort;
  /** Where the local page hears notices. */
  events: TopologyEvents;
  /** The tenant of this engine's own clients (the owner's), whom the notices are for. */
  localTenant: string;
  logger: Logger;
  policy?: Partial<RetryPolicy>;
  clock?: SyncClock;
  random?: () => number;
  /** How long an edit waits for its push before answering (default 2 s). */
  pushWaitMs?: number;
  /**
   * The list of topologies kept by the replica of the server's data, if any: offline, the list is
   * the topologies held here (made offline ones too) with the kept ones this desktop holds no document of.
   */
  keptSummaries?: () => Promise<TopologySummary[] | undefined>;
}

/** A replica's changes appended to its stored document after which the document is stored whole again. */
const STORE_WHOLE_AFTER_CHANGES = 100;
/** The bytes of appended changes after which the document is stored whole again. */
const STORE_WHOLE_AFTER_BYTES = 512 * 1024;

/** A replica in memory with its stored record; `edits` counts local edits, so a push knows whether more came meanwhile. */
interface Held {
  replica: TopologyReplica;
  record: DocumentReplicaRecord;
  edits: number;
  /** The heads of the document the store holds, and how many changes (and bytes) it holds appended after a whole save. */
  stored: { heads: readonly string[]; changes: number; bytes: number };
  /** The server's revision in its last sync answer: this replica holds every change up to it. */
  answered?: number;
}

/** Whether two records of one replica hold the same fields (the document is compared by reference). */
function sameRecord(a: DocumentReplicaRecord, b: DocumentReplicaRecord): boolean {
  return (
    a.document === b.document &&
    a.name === b.name &&
    a.nodeCount === b.nodeCount &&
    sameHeads(a.serverHeads, b.serverHeads) &&
    a.waiting === b.waiting &&
    a.nameWaiting === b.nameWaiting &&
    a.onServer === b.onServer &&
    a.revision === b.revision &&
    a.lastError?.code === b.lastError?.code &&
    a.lastError?.message === b.lastError?.message &&
    a.updatedAt === b.updatedAt
  );
}

/** A replica just loaded or made, whose document the store holds as it is. */
function held(replica: TopologyReplica, record: DocumentReplicaRecord, edits: number): Held {
  return { replica, record, edits, stored: { heads: [...replica.heads()], changes: record.appendedChanges ?? 0, bytes: 0 } };
}

/** The session replicas work for now. */
interface Current {
  session: LinkSession;
  server: ReplicaServer;
  /** Who edits (the signed-in user), once known. */
  me: Promise<ReplicaUser>;
  stop: () => void;
}

/** The server's answer to `syncTopologyDocument`. */
interface SyncAnswer {
  revision: number;
  heads: string[];
  changes: string[];
  conflicts: number;
}

/** The desktop's replicas of shared topology documents, on the server link (see the module comment). */
export class DocumentReplicas implements LinkInterceptor {
  private current: Current | undefined;
  private readonly held = new Map<string, Promise<Held | undefined>>();
  private readonly syncing = new Map<string, Promise<boolean>>();
  /** The count of conflicts whose authors' names were last asked for, per topology. */
  private readonly namesLearned = new Map<string, number>();
  private readonly clock: SyncClock;
  private readonly pushWaitMs: number;
  private readonly retry: RetryTimer;
  private draining: Promise<void> | undefined;
  private nextDrain: Promise<void> | undefined;
  private drainAll = false;
  private disposed = false;

  constructor(private readonly options: DocumentReplicasOptions) {
    this.clock = options.clock ?? realClock;
    this.pushWaitMs = options.pushWaitMs ?? PUSH_WAIT_MS;
    this.retry = new RetryTimer(this.clock, { ...DEFAULT_RETRY_POLICY, ...options.policy }, options.random ?? Math.random);
  }

  /** How many replicas hold edits (or a creation) the server has not taken yet. */
  waiting(): Promise<number> {
    return this.options.store.countWaiting();
  }

  /** Sends every waiting replica now (refused ones too) and pulls every held one; resolves when done. */
  async syncNow(): Promise<void> {
    const current = this.current;
    if (!current) return;
    for (const record of await this.options.store.list(current.server)) {
      if (record.lastError) await this.keep(current, { ...record, lastError: null });
    }
    this.retry.reset();
    await this.drain(true);
  }

  /** Stops the pusher and stops hearing the server. */
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
    const stops: (() => void)[] = [];
    const current: Current = { session, server, me: this.identify(session, server), stop: () => stops.forEach((stop) => stop()) };
    this.current = current;
    stops.push(
      session.client.onTopologyEvent((notice) => {
        // Drafts' notices are the draft replicas' (draft-replicas.ts).
        if (notice.type === 'draft.changed') return;
        void this.hear(current, notice).catch((error: unknown) =>
          logFailure(this.options.logger, 'warn', `Taking another editor's change of topology ${notice.topologyId} failed`, error),
        );
      }),
      session.client.onConnectionState((state) => {
        // Notices may have been missed while the event connection was down: catch up on every held document.
        if (state === 'open' && this.current === current) this.kick(true);
      }),
    );
    this.kick(true);
  }

  async before(call: LinkCall): Promise<DispatchResult | undefined> {
    const current = this.currentFor(call.session);
    if (!current || !ANSWERED.has(call.method)) return undefined;
    // Answered here, so checked here as the server would check it.
    const input = checked(call);
    const id = typeof input.id === 'string' ? input.id : undefined;
    switch (call.method) {
      case 'getTopology': {
        const held = id ? await this.load(current, id) : undefined;
        if (!held) return undefined;
        const gone = await this.within(
          this.sync(current, id!).then(
            () => false,
            (error: unknown) =>
              error instanceof NimbusError &&
              held.record.onServer &&
              // Deleted there, or no longer readable by this user (a forbidden sync without edits to send was retried as a read).
              (error.code === 'not_found' || (error.code === 'forbidden' && !held.record.waiting)),
          ),
        );
        // Deleted on the server meanwhile (or no longer readable): the replica goes, and the server's answer stands.
        if (gone === true) {
          await this.drop(current, id!);
          return undefined;
        }
        return ok(this.topologyOf(held));
      }
      case 'saveTopology':
      case 'saveTopologyDraft': {
        const held = id ? await this.loadOrOpen(current, id) : undefined;
        if (!held) return undefined;
        const name = call.method === 'saveTopology' && typeof input.name === 'string' ? input.name : undefined;
        // The input was just checked (the document by the topology schema): not parsed again.
        await this.edit(current, held, (replica) => replica.apply(input.document as TopologyDocument, { checked: true }), name);
        if (call.method === 'saveTopology') return ok(this.topologyOf(held));
        return ok({
          id: held.record.topologyId,
          baseRevision: held.record.revision,
          document: held.replica.read(),
          savedAt: held.record.updatedAt,
        });
      }
      case 'getTopologyDraft':
        // A shared topology's edits go into its document as they are made: there is no private draft.
        return id && (await this.load(current, id)) ? ok(null) : undefined;
      case 'discardTopologyDraft':
        return id && (await this.load(current, id)) ? ok({ id, discarded: false }) : undefined;
      case 'listTopologyConflicts': {
        const held = id ? await this.load(current, id) : undefined;
        return held ? ok(await this.conflictsOf(current, held)) : undefined;
      }
      case 'resolveTopologyConflict': {
        const held = id ? await this.loadOrOpen(current, id) : undefined;
        if (!held) return undefined;
        const path = input.path as string[];
        const valueId = input.valueId as string;
        await this.edit(current, held, (replica) => {
          replica.resolve(path, valueId);
          return true;
        });
        return ok(await this.conflictsOf(current, held));
      }
      case 'deleteTopology': {
        const held = id ? await this.load(current, id) : undefined;
        // Created offline and never sent: the server has nothing to delete.
        if (!held || held.record.onServer) return undefined;
        await this.drop(current, held.record.topologyId);
        return ok({ id, deleted: true });
      }
      case 'listTopologies': {
        const unsent = (await this.options.store.list(current.server)).filter((record) => !record.onServer);
        if (unsent.length === 0) return undefined;
        // Topologies created offline are listed until the server has them.
        try {
          const listed = (await current.session.client.call('listTopologies', {})) as TopologySummary[];
          const known = new Set(listed.map((summary) => summary.id));
          return ok([...unsent.filter((record) => !known.has(record.topologyId)).map((record) => this.summaryOf(record)), ...listed]);
        } catch (error) {
          if (error instanceof NimbusError && PASSING_CODES.has(error.code)) return this.offline(call);
          return { ok: false, error: toWireError(error) };
        }
      }
      default:
        return undefined;
    }
  }

  async after(call: LinkCall, result: unknown): Promise<void> {
    const current = this.currentFor(call.session);
    if (!current) return;
    // The server answers again: what waits is sent now rather than after the pause.
    if (this.retry.pending) this.kick(false);
    const input = (call.input ?? {}) as Record<string, unknown>;
    switch (call.method) {
      case 'getTopology':
      case 'createTopology': {
        const topology = result as Topology;
        if (!(await this.load(current, topology.id))) await this.open(current, topology.id, topology.createdAt);
        return;
      }
      case 'deleteTopology':
        if (typeof input.id === 'string') await this.drop(current, input.id);
        return;
      default:
        return;
    }
  }

  async offline(call: LinkCall): Promise<DispatchResult | undefined> {
    try {
      return await this.answerOffline(call);
    } catch (error) {
      // The link's caller gets an answer, never a throw.
      if (!(error instanceof NimbusError)) logFailure(this.options.logger, 'error', `Answering ${call.method} offline failed`, error);
      return { ok: false, error: toWireError(error) };
    }
  }

  private async answerOffline(call: LinkCall): Promise<DispatchResult | undefined> {
    const current = this.currentFor(call.session);
    if (!current || !['createTopology', 'setTopologyPresence', 'listTopologies'].includes(call.method)) return undefined;
    const input = checked(call);
    switch (call.method) {
      case 'createTopology':
        return ok(await this.createHere(current, input));
      case 'setTopologyPresence':
        // Nobody to tell while offline; the selection is told again with the next change of it.
        return ok({ ok: true });
      case 'listTopologies': {
        const records = await this.options.store.list(current.server);
        const kept = (await this.options.keptSummaries?.()) ?? [];
        if (records.length === 0 && kept.length === 0) return undefined;
        // The server's last word on each topology, unless this desktop changed it since (or made it).
        const held = new Map(records.map((record) => [record.topologyId, record]));
        const changedHere = (record: DocumentReplicaRecord) => record.waiting || record.nameWaiting || !record.onServer;
        const listed = new Set(kept.map((summary) => summary.id));
        return ok([
          ...records.filter((record) => !listed.has(record.topologyId)).map((record) => this.summaryOf(record)),
          ...kept.map((summary) => {
            const record = held.get(summary.id);
            return record && changedHere(record) ? this.summaryOf(record) : summary;
          }),
        ]);
      }
      default:
        return undefined;
    }
  }

  /** The replica of a topology, if this desktop holds one for the session's server. */
  private load(current: Current, id: string): Promise<Held | undefined> {
    let loading = this.held.get(id);
    if (!loading) {
      loading = (async () => {
        const record = await this.options.store.get(current.server, id);
        if (!record) return undefined;
        const me = await current.me;
        try {
          return held(TopologyReplica.load(record.document, me.userId), record, 0);
        } catch (error) {
          // Unreadable bytes (a damaged file): the server answers instead, and opening the document again replaces them.
          logFailure(
            this.options.logger,
            'error',
            `The kept replica of topology ${id} cannot be read; asking ${current.server.url}`,
            error,
          );
          return undefined;
        }
      })();
      this.held.set(id, loading);
      // A read that found nothing (or failed) is not remembered: the next one looks again.
      void loading.then(
        (held) => {
          if (!held && this.held.get(id) === loading) this.held.delete(id);
        },
        () => {
          if (this.held.get(id) === loading) this.held.delete(id);
        },
      );
    }
    return loading;
  }

  /** The replica, opened from the server now when this desktop has none (undefined when the server cannot be reached). */
  private async loadOrOpen(current: Current, id: string): Promise<Held | undefined> {
    const held = await this.load(current, id);
    if (held) return held;
    try {
      return await this.open(current, id);
    } catch (error) {
      // The call is forwarded instead: the server answers it as it would without a replica (not found, say).
      if (!(error instanceof NimbusError && PASSING_CODES.has(error.code)))
        logFailure(this.options.logger, 'warn', `Opening the shared document of topology ${id} failed; the call goes to the server`, error);
      return undefined;
    }
  }

  /** Fetches a topology's shared document from the server and keeps it. */
  private async open(current: Current, id: string, createdAt?: string): Promise<Held | undefined> {
    const opened = (await current.session.client.call('openTopologyDocument', { id })) as {
      id: string;
      name: string;
      revision: number;
      document: string;
      heads: string[];
    };
    if (this.current !== current) return undefined;
    const existing = await this.load(current, id);
    if (existing) return existing;
    const me = await current.me;
    const bytes = fromBase64(opened.document);
    const replica = TopologyReplica.load(bytes, me.userId);
    const now = new Date(this.clock.now()).toISOString();
    const record: DocumentReplicaRecord = {
      server: current.server,
      topologyId: id,
      name: opened.name,
      document: bytes,
      nodeCount: replica.nodeCount(),
      serverHeads: opened.heads,
      waiting: false,
      nameWaiting: false,
      onServer: true,
      revision: opened.revision,
      lastError: null,
      createdAt: createdAt ?? now,
      updatedAt: now,
    };
    await this.keep(current, record);
    const kept = held(replica, record, 0);
    this.held.set(id, Promise.resolve(kept));
    return kept;
  }

  /** A topology created while the server could not be reached: made and kept here, created there later. */
  private async createHere(current: Current, input: Record<string, unknown>): Promise<Topology> {
    const me = await current.me;
    const id = typeof input.id === 'string' ? input.id : randomUUID();
    const replica = TopologyReplica.create((input.document as TopologyDocument | undefined) ?? EMPTY_DOCUMENT, me.userId);
    const now = new Date(this.clock.now()).toISOString();
    const record: DocumentReplicaRecord = {
      server: current.server,
      topologyId: id,
      name: String(input.name),
      document: replica.save(),
      nodeCount: replica.nodeCount(),
      serverHeads: [],
      waiting: true,
      nameWaiting: false,
      onServer: false,
      revision: 1,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.keep(current, record);
    const made = held(replica, record, 1);
    this.held.set(id, Promise.resolve(made));
    this.kick(false);
    return this.topologyOf(made);
  }

  /** A local edit: applied, kept as waiting, then pushed (the caller waits a little for the push). */
  private async edit(current: Current, held: Held, change: (replica: TopologyReplica) => boolean, name?: string): Promise<void> {
    const changed = change(held.replica);
    const renamed = name !== undefined && name !== held.record.name;
    if (!changed && !renamed) return;
    held.edits += 1;
    held.record = {
      ...held.record,
      name: renamed ? name : held.record.name,
      nameWaiting: held.record.nameWaiting || renamed,
      nodeCount: held.replica.nodeCount(),
      waiting: held.record.waiting || changed,
      revision: held.record.revision + 1,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    // On disk before the caller hears the edit was taken.
    await this.keepDocument(current, held);
    await this.within(this.push(current, held.record.topologyId));
  }

  /** Pushes one topology; passing trouble schedules the pusher, a refusal is kept on the replica. */
  private async push(current: Current, id: string): Promise<void> {
    try {
      await this.sync(current, id);
    } catch (error) {
      await this.failed(current, id, error);
    }
  }

  private async failed(current: Current, id: string, error: unknown): Promise<'passing' | 'refused'> {
    if (error instanceof NimbusError && PASSING_CODES.has(error.code)) {
      this.retryLater();
      return 'passing';
    }
    const wire = toWireError(error);
    logFailure(
      this.options.logger,
      'warn',
      `${current.server.url} refused the edits of topology ${id}; they are kept on this desktop`,
      error,
    );
    const held = await this.load(current, id).catch(() => undefined);
    if (held && this.current === current) {
      held.record = { ...held.record, lastError: { code: wire.code, message: wire.message } };
      await this.keep(current, held.record);
    }
    return 'refused';
  }

  /**
   * One exchange with the server for a topology: creates it there first if it was made offline,
   * sends what the server lacks, takes what this desktop lacks. True when the replica took changes
   * from elsewhere. One exchange per topology at a time; a second caller waits for the running one
   * and then runs its own (edits may have come meanwhile).
   */
  private sync(current: Current, id: string): Promise<boolean> {
    const running = this.syncing.get(id);
    const next = (running ?? Promise.resolve(false)).catch(() => false).then(() => this.exchange(current, id));
    this.syncing.set(id, next);
    void next.then(
      () => this.syncing.get(id) === next && this.syncing.delete(id),
      () => this.syncing.get(id) === next && this.syncing.delete(id),
    );
    return next;
  }

  private async exchange(current: Current, id: string): Promise<boolean> {
    const held = await this.load(current, id);
    if (!held || this.current !== current) return false;
    const client = current.session.client;
    let refusedCreate: unknown;
    if (!held.record.onServer) {
      const sent = held.replica.save();
      const heads = [...held.replica.heads()];
      let created: Topology | undefined;
      try {
        created = (await client.call(
          'createTopology',
          { id, name: held.record.name, sharedDocument: toBase64(sent) },
          { idempotencyKey: `create-topology-${id}` },
        )) as Topology;
      } catch (error) {
        if (error instanceof NimbusError && PASSING_CODES.has(error.code)) throw error;
        // Perhaps created by an earlier try whose answer was lost (and whose key expired): the sync below finds out.
        refusedCreate = error;
      }
      if (created) {
        held.record = {
          ...held.record,
          onServer: true,
          serverHeads: heads,
          nameWaiting: false,
          revision: Math.max(held.record.revision, created.revision),
        };
        await this.keep(current, held.record);
      }
    }
    const edits = held.edits;
    const waiting = held.record.waiting;
    const before = [...held.replica.heads()];
    const changes = waiting ? [toBase64(held.replica.changesSince(held.record.serverHeads))] : [];
    let answer: SyncAnswer;
    try {
      answer = (await client.call('syncTopologyDocument', { id, heads: before, changes })) as SyncAnswer;
    } catch (error) {
      // A reader who may not edit (syncing needs topology:update) still follows the document: whole, as opened.
      if (waiting || !(error instanceof NimbusError && error.code === 'forbidden')) throw refusedCreate ?? error;
      answer = await this.openWhole(current, id);
    }
    if (this.current !== current) return false;
    for (const message of answer.changes) held.replica.receive(fromBase64(message));
    held.answered = Math.max(held.answered ?? 0, answer.revision);
    const took = !sameHeads(before, held.replica.heads());
    const was = held.record;
    held.record = {
      ...held.record,
      nodeCount: took ? held.replica.nodeCount() : held.record.nodeCount,
      serverHeads: answer.heads,
      // Edits made while the answer was on its way still wait.
      waiting: held.edits === edits ? false : held.record.waiting,
      revision: Math.max(held.record.revision, answer.revision),
      onServer: true,
      lastError: null,
      updatedAt: took ? new Date(this.clock.now()).toISOString() : held.record.updatedAt,
    };
    // A pull that brought nothing and changed nothing writes nothing; what it brought can be had again if lost to a power cut.
    if (took || !sameRecord(was, held.record)) await this.keepDocument(current, held, { durable: false });
    if (held.record.nameWaiting) await this.sendName(current, held, answer.revision);
    // Who made the conflicting values, asked once per new count of conflicts (not on every live edit).
    if (answer.conflicts > 0 && this.namesLearned.get(id) !== answer.conflicts) {
      this.namesLearned.set(id, answer.conflicts);
      await this.learnNames(current, id);
    }
    return took;
  }

  /** The server's whole document as a sync answer, for a replica whose user may read the topology but not edit it. */
  private async openWhole(current: Current, id: string): Promise<SyncAnswer> {
    const opened = (await current.session.client.call('openTopologyDocument', { id })) as {
      revision: number;
      document: string;
      heads: string[];
    };
    return { revision: opened.revision, heads: opened.heads, changes: [opened.document], conflicts: 0 };
  }

  /** A rename made here, sent as a save of the merged document (which the server finds unchanged) with the new name. */
  private async sendName(current: Current, held: Held, revision: number): Promise<void> {
    const name = held.record.name;
    let saved: Topology;
    try {
      saved = (await current.session.client.call('saveTopology', {
        id: held.record.topologyId,
        expectedRevision: revision,
        name,
        document: held.replica.read(),
      })) as Topology;
    } catch (error) {
      // Someone changed it since this exchange: the rename waits for the next one (never overwriting their edit).
      if (error instanceof NimbusError && error.code === 'revision_conflict') {
        this.retryLater();
        return;
      }
      throw error;
    }
    if (held.record.name === name)
      held.record = { ...held.record, nameWaiting: false, revision: Math.max(held.record.revision, saved.revision) };
    await this.keep(current, held.record);
  }

  /** The names of those whose values a conflict holds, from the server, for listing conflicts offline. */
  private async learnNames(current: Current, id: string): Promise<void> {
    try {
      const answer = (await current.session.client.call('listTopologyConflicts', { id })) as {
        conflicts: { values: { userId: string | null; userName: string | null }[] }[];
      };
      for (const conflict of answer.conflicts)
        for (const value of conflict.values)
          if (value.userId && value.userName)
            await this.options.store.rememberUser(current.server, { userId: value.userId, userName: value.userName });
    } catch (error) {
      logFailure(this.options.logger, 'warn', `Learning who made the conflicting edits of topology ${id} failed`, error);
    }
  }

  /** A notice from the server: another editor's change is pulled and merged, then told to this desktop's page. */
  private async hear(current: Current, notice: Exclude<TopologyEventNotice, { type: 'draft.changed' }>): Promise<void> {
    if (this.current !== current) return;
    const tenant = this.options.localTenant;
    if (notice.userId && notice.userName)
      await this.options.store.rememberUser(current.server, { userId: notice.userId, userName: notice.userName });
    if (notice.type === 'topology.presence') {
      this.options.events.emit({ tenant, notice });
      return;
    }
    const held = await this.load(current, notice.topologyId);
    if (!held) {
      this.options.events.emit({ tenant, notice });
      return;
    }
    // A change this replica already holds (its own edit, heard after the push that made it, or one a sync brought): nothing to pull.
    await this.syncing.get(notice.topologyId)?.catch(() => false);
    if (held.answered !== undefined && notice.revision <= held.answered) return;
    let took: boolean;
    try {
      took = await this.sync(current, notice.topologyId);
    } catch (error) {
      await this.failed(current, notice.topologyId, error);
      return;
    }
    if (took) this.options.events.emit({ tenant, notice: { ...notice, revision: held.record.revision } });
  }

  /** Who edits on this desktop: asked of the server, else the user last signed in as (offline after a restart). */
  private async identify(session: LinkSession, server: ReplicaServer): Promise<ReplicaUser> {
    try {
      const who = (await session.client.call('whoAmI', {})) as { user: { id: string; name: string; displayName: string } };
      const user = { userId: who.user.id, userName: who.user.displayName || who.user.name };
      await this.options.store.rememberUser(server, user, new Date(this.clock.now()).toISOString());
      return user;
    } catch (error) {
      const known = await this.options.store.signedInUser(server).catch(() => undefined);
      if (known) return known;
      logFailure(this.options.logger, 'warn', `Asking ${server.url} who is signed in failed; edits carry the user name`, error);
      return { userId: session.user, userName: session.user };
    }
  }

  /** The topology's conflicts with the names of who wrote each value, where known. */
  private async conflictsOf(current: Current, held: Held) {
    const names = new Map((await this.options.store.users(current.server)).map((user) => [user.userId, user.userName]));
    return {
      id: held.record.topologyId,
      revision: held.record.revision,
      conflicts: held.replica.conflicts().map((conflict) => ({
        ...conflict,
        values: conflict.values.map((value) => ({
          ...value,
          userId: value.userId ?? null,
          userName: (value.userId && names.get(value.userId)) ?? null,
        })),
      })),
    };
  }

  /** Starts the pusher now (`all`: pull every held replica too, e.g. after notices may have been missed). */
  private kick(all: boolean): void {
    this.retry.clear();
    void this.drain(all);
  }

  private retryLater(): void {
    if (this.disposed) return;
    this.retry.schedule(() => void this.drain(true));
  }

  /**
   * Sends every waiting replica (and, with `all`, pulls every held one); stops at passing trouble.
   * Resolves once a pass that started after the call has finished (one pass at a time).
   */
  private drain(all: boolean): Promise<void> {
    this.drainAll ||= all;
    this.nextDrain ??= (async () => {
      await this.draining?.catch(() => undefined);
      this.nextDrain = undefined;
      const everything = this.drainAll;
      this.drainAll = false;
      const run = this.drainOnce(everything);
      this.draining = run;
      try {
        await run;
      } finally {
        if (this.draining === run) this.draining = undefined;
      }
    })();
    return this.nextDrain;
  }

  private async drainOnce(all: boolean): Promise<void> {
    const current = this.current;
    if (!current) return;
    try {
      await current.me;
      const records = await this.options.store.list(current.server);
      const due = records.filter((record) => !record.lastError && (all || record.waiting || record.nameWaiting || !record.onServer));
      for (const record of due.reverse()) {
        if (this.current !== current) return;
        let took: boolean;
        try {
          took = await this.sync(current, record.topologyId);
        } catch (error) {
          if ((await this.failed(current, record.topologyId, error)) === 'passing') return;
          continue;
        }
        // Changes made elsewhere arrived with this desktop's own exchange (after being offline, say).
        if (took) this.merged(current, record.topologyId);
      }
      this.retry.reset();
    } catch (error) {
      logFailure(this.options.logger, 'error', 'Sending the waiting edits of shared topologies failed', error);
      this.retryLater();
    }
  }

  /** Tells this desktop's page that a topology changed by a merge of this desktop's own (no one user to name). */
  private merged(current: Current, id: string): void {
    void this.load(current, id).then((held) => {
      if (!held || this.current !== current) return;
      this.options.events.emit({
        tenant: this.options.localTenant,
        notice: {
          type: 'topology.changed',
          topologyId: id,
          revision: held.record.revision,
          userId: null,
          userName: null,
          at: new Date(this.clock.now()).toISOString(),
        },
      });
    });
  }

  /**
   * The server listed its topologies in full (`ids`, asked for at `askedAt`): a replica of one it no
   * longer lists is dropped, unless this desktop made it or changed it since (its next push says whether
   * the server still has it), or opened it after the list was asked for (a topology made meanwhile).
   */
  async topologiesListed(session: LinkSession, ids: ReadonlySet<string>, askedAt: string): Promise<void> {
    const current = this.currentFor(session);
    if (!current) return;
    for (const record of await this.options.store.list(current.server)) {
      if (ids.has(record.topologyId) || record.waiting || record.nameWaiting || !record.onServer) continue;
      if (record.createdAt >= askedAt) continue;
      await this.drop(current, record.topologyId);
    }
  }

  private async drop(current: Current, id: string): Promise<void> {
    this.held.delete(id);
    await this.options.store.remove(current.server, id);
  }

  private async keep(current: Current, record: DocumentReplicaRecord): Promise<void> {
    if (this.current !== current) return;
    await this.options.store.put(record);
  }

  /**
   * Keeps `held.record` with the replica's document as it is now: the changes since what the store
   * holds are appended (an edit writes its own bytes, not the whole document), and every so many
   * the document is stored whole again, which drops the appended ones. `durable: false` for what can
   * be had again from the server (see `DocumentReplicaPort.append`); local edits are always durable.
   */
  private async keepDocument(current: Current, held: Held, options: { durable?: boolean } = {}): Promise<void> {
    if (this.current !== current) return;
    const { replica, stored } = held;
    const heads = [...replica.heads()];
    const changes = sameHeads(heads, stored.heads) ? new Uint8Array(0) : replica.savedSince(stored.heads);
    if (!changes || stored.changes >= STORE_WHOLE_AFTER_CHANGES || stored.bytes + changes.byteLength > STORE_WHOLE_AFTER_BYTES) {
      held.record = { ...held.record, document: replica.save() };
      held.stored = { heads, changes: 0, bytes: 0 };
      await this.options.store.put(held.record);
      return;
    }
    if (changes.byteLength > 0) {
      held.record = { ...held.record, document: Buffer.concat([held.record.document, changes]) };
      held.stored = { heads, changes: stored.changes + 1, bytes: stored.bytes + changes.byteLength };
    }
    await this.options.store.append(held.record, changes, options);
  }

  /** Waits for `work` at most the push wait (then undefined); its failure is handled where it started. */
  private within<T>(work: Promise<T>): Promise<T | undefined> {
    return waitAtMost(this.clock, this.pushWaitMs, work);
  }

  private currentFor(session: LinkSession): Current | undefined {
    const current = this.current;
    return current && current.session.client === session.client ? current : undefined;
  }

  private topologyOf(held: Held): Topology {
    const { record } = held;
    return {
      id: record.topologyId,
      name: record.name,
      revision: record.revision,
      document: held.replica.read(),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  private summaryOf(record: DocumentReplicaRecord): TopologySummary {
    return {
      id: record.topologyId,
      name: record.name,
      revision: record.revision,
      nodeCount: record.nodeCount,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }
}

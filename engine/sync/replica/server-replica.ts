/**
 * The desktop's replica of what its user may see on the shared server, for offline browsing. It sits
 * on the server link (see `LinkInterceptor`):
 *
 * - every answer of a read in {@link REPLICA_METHODS} the server gives is kept in the local SQLite
 *   store, per server, tenant and user (`after`);
 * - when the server cannot be reached, such a read is answered from what is kept (`offline`); a read
 *   nothing was kept for gets `server_unreachable` saying it is not in the replica yet;
 * - a walk of every list and the gets it implies fills the replica when a session opens, when the
 *   server answers again after being away, on `syncNow`, and every few minutes online; it keeps this
 *   desktop's leases for offline planning up (`lease-upkeep.ts`), drops what the server no longer
 *   has, and records a failure in the status instead of throwing it at anyone;
 * - a lease this desktop is granted or releases through the link updates its kept list of leases,
 *   and a topology it creates or saves its kept topology, so offline planning reads them without
 *   asking the server again.
 *
 * The replica is read-only: changes still go to the server (or wait in the outbox).
 */
import type { MethodInput, MethodOutput } from '../../api/contract.js';
import { contract } from '../../api/contract.js';
import type { DispatchResult } from '../../api/dispatcher.js';
import type { ReplicaStatus } from '../../api/schemas/topology-documents.js';
import type { ErrorCode } from '../../common/error-codes.js';
import type { MethodName } from '../../common/method-names.js';
import { NimbusError, toWireError } from '../../errors.js';
import { discardLogger, logFailure, type Logger } from '../../logging/logger.js';
import type { LinkCall, LinkInterceptor, LinkSession } from '../../server-link/server-link.js';
import type { ReplicaPort, ReplicaScope } from '../../store/ports/replica-records.js';
import { inputKey, replicaScope } from './replica-key.js';
import type { ResolverBindings } from '../../components/bindings.js';
import { componentsInTopologies, keepLeases, type LeaseUpkeep, type UpkeepComponent, type UpkeepEnvironment } from '../lease-upkeep.js';
import { isReplicaMethod, type ReplicaMethod } from './replica-methods.js';
import type { KeptLease, ReplicaReader } from './replica-reader.js';
import { ITEM_ANSWERS, itemsOf, walkServer, type ListedBy, type WalkPort } from './replica-walk.js';

/** How often the replica is brought up to date while online (NIMBUS_REPLICA_REFRESH_MS overrides). */
export const REPLICA_REFRESH_MS = 5 * 60_000;
/** How often the server is asked whether it answers again while it is away (NIMBUS_REPLICA_PROBE_MS overrides). */
export const REPLICA_PROBE_MS = 15_000;
/** How long disposing waits for an aborted walk's call in flight to return. */
const DISPOSE_WAIT_MS = 2000;
/** Calls of one walk in flight at once. */
export const REPLICA_CONCURRENCY = 4;

/** Pause between the starts of two calls of a walk (NIMBUS_REPLICA_PACE_MS overrides). */
export const REPLICA_PACE_MS = 100;
/** Tries of one call the server refused as too many (after the pause it asks for). */
const RATE_LIMIT_ATTEMPTS = 4;
/** Failures after which a walk stops: the server cannot be reached, the session is over, or calls keep being refused. */
const STOPPING_CODES: ReadonlySet<string> = new Set([
  'server_unreachable',
  'service_unavailable',
  'unauthorized',
  'rate_limited',
  'disposed',
]);

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });

/** The lists whose unfiltered answers name every item there is. */
const FULL_LISTS: ReadonlySet<string> = new Set<ListedBy>([
  'listComponents',
  'listStacks',
  'listTopologies',
  'listDeployments',
  'listStackInstances',
  'listIpamPools',
]);

/** The string member `member` of a kept answer's input key, if it has one. */
function namedIn(key: string, member: string): string | undefined {
  try {
    const input: unknown = JSON.parse(key);
    const value: unknown = typeof input === 'object' && input !== null ? Reflect.get(input, member) : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Errors that mean the server cannot be reached now. */
const AWAY_CODES: ReadonlySet<string> = new Set(['server_unreachable', 'service_unavailable']);

/** The server, tenant and user whose answers are kept together. */
export type ReplicaSession = Parameters<typeof replicaScope>[0];

/** What the replica needs. */
export interface ServerReplicaOptions {
  store: ReplicaPort;
  /** This data directory's client id (`replica-client-id.ts`): its leases are granted to it. */
  clientId: string;
  logger?: Logger;
  refreshMs?: number;
  probeMs?: number;
  concurrency?: number;
  /** Pause between the starts of two calls of a walk, in milliseconds. */
  paceMs?: number;
  /** Whether the walk keeps this desktop's leases for offline planning up (default true). */
  leases?: boolean;
  /**
   * Hears which topologies the server lists, after a walk read the list in full (asked for at
   * `askedAt`): the desktop's shared documents of topologies no longer listed (deleted on the server) go too.
   */
  topologiesListed?: (session: LinkSession, ids: ReadonlySet<string>, askedAt: string) => Promise<void>;
  /** The saved session whose replica {@link ServerReplica.status} shows while no link is open (the CLI). */
  savedSession?: () => Promise<{ url: string; tenant: string; user: string } | undefined>;
}

interface Walk {
  controller: AbortController;
  done: Promise<void>;
}

/** A positive whole number of milliseconds from the environment, or undefined. */
function msFromEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Runs at most `limit` tasks at once, the rest in order. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
}

/** The replica interceptor and reader (see the module comment). */
export class ServerReplica implements LinkInterceptor, ReplicaReader {
  readonly clientId: string;
  private readonly logger: Logger;
  private readonly refreshMs: number;
  private readonly probeMs: number;
  private readonly concurrency: number;
  private readonly paceMs: number;
  private current: { session: LinkSession; scope: ReplicaScope } | undefined;
  private walk: Walk | null = null;
  /** Walks of an ended session, still finishing their calls (awaited by dispose). */
  private readonly stopping = new Set<Walk>();
  private timer: NodeJS.Timeout | undefined;
  private away = false;
  private disposed = false;
  private leaseUpkeep: LeaseUpkeep | null = null;

  constructor(private readonly options: ServerReplicaOptions) {
    this.clientId = options.clientId;
    this.logger = options.logger ?? discardLogger;
    this.refreshMs = options.refreshMs ?? msFromEnv('NIMBUS_REPLICA_REFRESH_MS') ?? REPLICA_REFRESH_MS;
    this.probeMs = options.probeMs ?? msFromEnv('NIMBUS_REPLICA_PROBE_MS') ?? REPLICA_PROBE_MS;
    this.concurrency = Math.max(1, options.concurrency ?? REPLICA_CONCURRENCY);
    this.paceMs = options.paceMs ?? msFromEnv('NIMBUS_REPLICA_PACE_MS') ?? REPLICA_PACE_MS;
  }

  /** A session opened: fill the replica at once. One ended: stop its walk (what was kept stays). */
  sessionChanged(session: LinkSession | undefined): void {
    // The old session's walk stops writing at once; the new session's does not wait for it.
    const old = this.walk;
    if (old) {
      old.controller.abort();
      this.stopping.add(old);
      void old.done.finally(() => this.stopping.delete(old));
    }
    this.walk = null;
    this.clearTimer();
    this.away = false;
    this.leaseUpkeep = null;
    this.current = session ? { session, scope: replicaScope(session) } : undefined;
    if (session && !this.disposed) this.schedule(0);
  }

  /** Keeps the answer of a read; an answer after the server was away brings the replica up to date. */
  async after(call: LinkCall, result: unknown): Promise<void> {
    if (this.away && this.isCurrent(call.session)) {
      this.away = false;
      this.schedule(0);
    }
    if (call.method === 'grantLease' || call.method === 'releaseLease') await this.leaseChanged(call.session, result);
    // A topology saved through the link is kept as the server now has it: offline planning reads it.
    if (call.method === 'createTopology' || call.method === 'saveTopology') {
      const saved = contract.getTopology.output.safeParse(result);
      if (saved.success) await this.keep(call.session, 'getTopology', { id: saved.data.id }, saved.data);
    }
    await this.keep(call.session, call.method, call.input, result);
  }

  /**
   * Keeps the server's answer to a read asked outside the link (offline planning fetching what it
   * lacks), as if it had passed through it; answers of methods the replica does not keep are ignored.
   */
  async keep(session: ReplicaSession, method: MethodName, input: unknown, result: unknown): Promise<void> {
    if (!isReplicaMethod(method)) return;
    await this.options.store.put(replicaScope(session), method, inputKey(method, input), result, new Date().toISOString());
  }

  /** Answers a read from the replica while the server cannot be reached. */
  async offline(call: LinkCall, error: NimbusError): Promise<DispatchResult | undefined> {
    if (this.isCurrent(call.session) && AWAY_CODES.has(error.code) && !this.away) {
      this.away = true;
      this.schedule(this.probeMs);
    }
    if (!isReplicaMethod(call.method)) return undefined;
    const scope = replicaScope(call.session);
    const kept = (await this.keptAnswer(scope, call.method, call.input)) ?? (await this.derivedAnswer(scope, call.method, call.input));
    if (kept !== undefined) return { ok: true, result: kept };
    return {
      ok: false,
      error: toWireError(
        new NimbusError(
          'server_unreachable',
          `${call.method} cannot be answered now: ${scope.serverUrl} cannot be reached (${error.message}), and this answer is not in this desktop's replica yet. It is kept once the server has answered it once; open it again when the server is back.`,
          { ...error.details, url: scope.serverUrl, method: call.method, replica: 'missing' },
          { cause: error },
        ),
      ),
    };
  }

  async answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined> {
    const current = this.current;
    if (!current || !isReplicaMethod(method)) return undefined;
    return (await this.keptAnswer(current.scope, method, input)) as MethodOutput<M> | undefined;
  }

  async fetchedAt<M extends MethodName>(method: M, input: MethodInput<M>): Promise<string | undefined> {
    const current = this.current;
    if (!current || !isReplicaMethod(method)) return undefined;
    return (await this.options.store.get(current.scope.key, method, inputKey(method, input)))?.fetchedAt;
  }

  async leases(environment?: string): Promise<KeptLease[]> {
    const kept = (await this.answer('listLeases', { client: this.clientId, live: true })) ?? [];
    const now = Date.now();
    return kept.filter(
      (lease) =>
        lease.endedAt === null && Date.parse(lease.expiresAt) > now && (environment === undefined || lease.environment === environment),
    );
  }

  /** How the replica of the current (or saved) session stands; null while local. */
  async status(): Promise<ReplicaStatus | null> {
    const saved = this.current ? undefined : await this.options.savedSession?.();
    const scope = this.current?.scope ?? (saved ? replicaScope(saved) : undefined);
    if (!scope) return null;
    const [counts, state] = await Promise.all([this.options.store.counts(scope.key), this.options.store.state(scope.key)]);
    return {
      syncedAt: state?.syncedAt ?? null,
      records: counts.records,
      topologies: counts.byMethod.getTopology ?? 0,
      lastError: state?.lastError ?? null,
      leases: this.leaseUpkeep,
    };
  }

  /** Whether the last call to the server of the current session found it unreachable (and none answered since). */
  serverAway(): boolean {
    return this.current !== undefined && this.away;
  }

  /** Brings the replica up to date now (after a walk already running); resolves with the status once done. */
  async refresh(): Promise<ReplicaStatus | null> {
    // A walk already under way may have read its lists before what the user just did: one more after it.
    const running = this.walk;
    if (running) await running.done;
    if (this.current && !this.disposed) await this.startWalk();
    return this.status();
  }

  /** Stops the walk and the timers; what was kept stays. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimer();
    const walks = [...this.stopping, ...(this.walk ? [this.walk] : [])];
    for (const walk of walks) walk.controller.abort();
    // A call in flight ends with the client's own time limit (up to minutes through a silent network);
    // an aborted walk writes nothing once it returns, so disposing does not wait for it that long.
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DISPOSE_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.all(walks.map((walk) => walk.done)), bounded]);
    clearTimeout(timer);
  }

  /** A lease of this desktop granted or ended: its kept list of live leases follows, when one is kept. */
  private async leaseChanged(session: ReplicaSession, result: unknown): Promise<void> {
    const lease = contract.grantLease.output.safeParse(result);
    if (!lease.success || lease.data.client !== this.clientId) return;
    const input = { client: this.clientId, live: true };
    const scope = replicaScope(session);
    const kept = (await this.keptAnswer(scope, 'listLeases', input)) as MethodOutput<'listLeases'> | undefined;
    if (!kept) return;
    const others = kept.filter((each) => each.id !== lease.data.id);
    const live = lease.data.endedAt === null ? [lease.data, ...others] : others;
    await this.options.store.put(scope, 'listLeases', inputKey('listLeases', input), live, new Date().toISOString());
  }

  private isCurrent(session: LinkSession): boolean {
    return this.current !== undefined && replicaScope(session).key === this.current.scope.key;
  }

  /** The components `refs` name as kept (the walk read every component's detail and versions); one not kept is left out. */
  private async keptComponents(scope: ReplicaScope, refs: readonly string[]): Promise<UpkeepComponent[]> {
    const components: UpkeepComponent[] = [];
    for (const ref of refs) {
      const [name, version] = ref.split('@') as [string, string];
      const detail = (await this.keptAnswer(scope, 'getComponent', { name })) as MethodOutput<'getComponent'> | undefined;
      const content = (await this.keptAnswer(scope, 'getComponentVersion', { name, version: Number(version) })) as
        MethodOutput<'getComponentVersion'> | undefined;
      if (detail && content)
        components.push({
          ref,
          name,
          provider: detail.provider,
          semanticType: detail.semanticType,
          bindings: content.resolverBindings as ResolverBindings,
        });
    }
    return components;
  }

  private async keptAnswer(scope: ReplicaScope, method: ReplicaMethod, input: unknown): Promise<unknown> {
    const kept = await this.options.store.get(scope.key, method, inputKey(method, input));
    if (!kept) return undefined;
    const parsed = contract[method].output.safeParse(kept.answer);
    return parsed.success ? parsed.data : undefined;
  }

  /** A filtered list nobody asked for online, answered from the kept unfiltered list. */
  private async derivedAnswer(scope: ReplicaScope, method: ReplicaMethod, input: unknown): Promise<unknown> {
    const given = contract[method].input.safeParse(input ?? {});
    if (!given.success) return undefined;
    if (method === 'listComponents') {
      const filter = given.data as MethodInput<'listComponents'>;
      const all = (await this.keptAnswer(scope, method, {})) as MethodOutput<'listComponents'> | undefined;
      const search = filter.search?.toLowerCase();
      return all?.filter(
        (c) =>
          (!filter.provider || c.provider === filter.provider) &&
          (!filter.semanticType || c.semanticType === filter.semanticType) &&
          (!filter.category || c.category === filter.category) &&
          (!search || `${c.name} ${c.description} ${c.semanticType}`.toLowerCase().includes(search)),
      );
    }
    if (method === 'listDeployments') {
      const filter = given.data as MethodInput<'listDeployments'>;
      if (filter.includeDestroyed) return undefined;
      const all = (await this.keptAnswer(scope, method, {})) as MethodOutput<'listDeployments'> | undefined;
      return all?.filter(
        (d) => (!filter.environment || d.environment === filter.environment) && (!filter.topology || d.topology === filter.topology),
      );
    }
    return undefined;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next walk (or, while the server is away, the next check whether it answers) in `ms`. */
  private schedule(ms: number): void {
    if (this.disposed || !this.current) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const current = this.current;
    if (!current || this.disposed) return;
    if (this.away) {
      const healthy = await current.session.client.healthy().catch(() => false);
      if (this.current !== current) return;
      if (!healthy) {
        this.schedule(this.probeMs);
        return;
      }
      this.away = false;
    }
    await this.startWalk();
  }

  private startWalk(): Promise<void> {
    if (this.walk) return this.walk.done;
    const current = this.current;
    if (!current) return Promise.resolve();
    const controller = new AbortController();
    const walk: Walk = { controller, done: Promise.resolve() };
    this.walk = walk;
    walk.done = this.runWalk(current.session, current.scope, controller.signal).finally(() => {
      if (this.walk === walk) this.walk = null;
      if (!controller.signal.aborted && this.current?.scope.key === current.scope.key)
        this.schedule(this.away ? this.probeMs : this.refreshMs);
    });
    return walk.done;
  }

  private async runWalk(session: LinkSession, scope: ReplicaScope, signal: AbortSignal): Promise<void> {
    const store = this.options.store;
    const slot = limiter(this.concurrency);
    const ended = () => new NimbusError('disposed', `The session with ${scope.serverUrl} ended during the replica update`);
    const documents: MethodOutput<'getTopology'>['document'][] = [];
    const lists = new Map<ListedBy, Set<string>>();
    const askedAt = new Map<ListedBy, string>();
    let who: MethodOutput<'whoAmI'> | undefined;
    let environments: MethodOutput<'listEnvironments'> | undefined;
    let leases: MethodOutput<'listLeases'> | undefined;
    // The first failure that ends the walk (offline, signed out) ends every call after it too.
    let stopped: NimbusError | undefined;
    let nextStart = 0;
    const send = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      for (let attempt = 1; ; attempt += 1) {
        if (stopped) throw stopped;
        if (signal.aborted) throw ended();
        // Paced, so the walk leaves the user's own calls room under the server's rate limit.
        const wait = nextStart - Date.now();
        nextStart = Math.max(nextStart, Date.now()) + this.paceMs;
        if (wait > 0) await sleep(wait, signal);
        try {
          return await session.client.call(method, input);
        } catch (error) {
          if (error instanceof NimbusError && error.code === 'rate_limited' && attempt < RATE_LIMIT_ATTEMPTS) {
            const seconds = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
            await sleep(Math.min(30, Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000, signal);
            continue;
          }
          if (error instanceof NimbusError && STOPPING_CODES.has(error.code)) stopped ??= error;
          throw error;
        }
      }
    };
    const call = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
      slot(async () => {
        const asked = new Date().toISOString();
        let result: unknown = await send(method, input);
        // The server may not know the address it is reached at; the app does (as the link answers it).
        if (method === 'getSystemInfo') result = { ...(result as object), backend: { kind: 'server', url: session.url } };
        if (signal.aborted) throw ended();
        if (isReplicaMethod(method)) await store.put(scope, method, inputKey(method, input), result, new Date().toISOString());
        if (FULL_LISTS.has(method) && inputKey(method, input) === '{}') {
          lists.set(method as ListedBy, itemsOf(result));
          askedAt.set(method as ListedBy, asked);
        }
        if (method === 'getTopology') documents.push((result as MethodOutput<'getTopology'>).document);
        if (method === 'whoAmI') who = result as MethodOutput<'whoAmI'>;
        if (method === 'listEnvironments') environments = result as MethodOutput<'listEnvironments'>;
        if (method === 'listLeases') leases = result as MethodOutput<'listLeases'>;
        return result as MethodOutput<M>;
      });
    const port: WalkPort = {
      signal,
      call,
      has: async (method, input) => (await store.get(scope.key, method, inputKey(method, input))) !== undefined,
      drop: async (method, input) => {
        await store.remove(scope.key, method, [inputKey(method, input)]);
      },
    };
    try {
      const outcome = await walkServer(port, this.clientId);
      let leaseNote: string | null = null;
      if (this.options.leases !== false && who && environments) {
        const upkeep = await keepLeases(
          { call },
          {
            clientId: this.clientId,
            permissions: who.permissions,
            environments: environments.map((environment) => ({
              ...environment,
              config: environment.effective.config as UpkeepEnvironment['config'],
            })),
            components: await this.keptComponents(scope, componentsInTopologies(documents)),
            leases,
            now: Date.now(),
          },
        );
        if (!signal.aborted) this.leaseUpkeep = upkeep;
        leaseNote = upkeep.note;
      }
      if (signal.aborted) return;
      // A list read in full this walk tells which items are gone: their answers go with them.
      for (const { method, list, member } of ITEM_ANSWERS) {
        const items = lists.get(list);
        if (!items) continue;
        const since = askedAt.get(list) ?? '';
        const gone: string[] = [];
        for (const key of await store.keys(scope.key, method)) {
          const named = namedIn(key, member);
          if (named === undefined || items.has(named)) continue;
          // Kept after the list was asked for: an item made meanwhile (this desktop just created it), not a gone one.
          if (((await store.get(scope.key, method, key))?.fetchedAt ?? '') >= since) continue;
          gone.push(key);
        }
        if (gone.length > 0) await store.remove(scope.key, method, gone);
      }
      const topologies = lists.get('listTopologies');
      if (topologies && this.options.topologiesListed)
        await this.options.topologiesListed(session, topologies, askedAt.get('listTopologies') ?? new Date(0).toISOString());
      const failure = outcome.failures[0];
      if (failure)
        this.logger.warn(
          failure.code as ErrorCode,
          `Keeping ${failure.method} of ${scope.serverUrl} for offline work failed: ${failure.message}`,
        );
      else if (leaseNote) this.logger.info(`Offline leases on ${scope.serverUrl}: ${leaseNote}`);
      await store.recordUpdate(scope, {
        syncedAt: new Date().toISOString(),
        lastError: failure
          ? {
              code: failure.code,
              message: `${failure.method}: ${failure.message}${outcome.failures.length > 1 ? ` (and ${outcome.failures.length - 1} more)` : ''}`,
            }
          : null,
        now: new Date().toISOString(),
      });
    } catch (error) {
      if (signal.aborted) return;
      const code = error instanceof NimbusError ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      if (AWAY_CODES.has(code)) this.away = true;
      else if (!(error instanceof NimbusError))
        logFailure(this.logger, 'error', `Updating the replica of ${scope.serverUrl} failed`, error);
      await store.recordUpdate(scope, { lastError: { code, message }, now: new Date().toISOString() }).catch((failure: unknown) => {
        logFailure(this.logger, 'warn', `Recording the replica's failure for ${scope.serverUrl} failed`, failure);
      });
    }
  }
}

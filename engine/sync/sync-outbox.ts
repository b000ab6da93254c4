/**
 * The desktop half of offline sync: changes meant for the shared server the desktop is connected to
 * wait in a durable outbox (the local SQLite store) and are sent, in the order they were made, by a
 * drainer that keeps trying until the server answered. Each entry carries an idempotency key the
 * server honours (`idempotency-guard.ts`), so sending again after a crash, a timeout or a lost answer
 * never applies a change twice.
 *
 * - Order: one entry at a time, the oldest first; an entry waiting for its retry holds back every
 *   later one (a later change may depend on it). Dead, discarded and applied entries hold nothing.
 * - Passing trouble (the server answers 503 or 429, is busy with the same key, or times out) costs
 *   an attempt and a pause with exponential backoff and full jitter; after the last attempt the entry
 *   becomes a dead letter. A refusal (forbidden, invalid input, conflict, not found, …) is a dead
 *   letter at once, with the server's error. The user retries (attempts reset) or discards a dead letter.
 * - Offline (no answer at all) costs no attempt: the drainer probes `/healthz` with backoff and sends
 *   again once the server answers. A session the server no longer accepts waits for a new sign-in.
 * - Crash-safe: an entry left `sending` by a process that stopped is sent again with its key.
 */
import { randomUUID } from 'node:crypto';
import { contract } from '../api/contract.js';
import { MACHINE_METHODS } from '../common/machine-methods.js';
import { parseOrThrow } from '../api/validate.js';
import { isMethodName, type MethodName } from '../common/method-names.js';
import { NimbusError } from '../errors.js';
import { assertShallow } from '../files/input-limits.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { CallOptions } from '../remote/server-client.js';
import type { OutboxEntry, OutboxPort, OutboxStatus } from '../store/ports/sync-records.js';
import { excerpt } from '../text/excerpt.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';

/** The largest input an entry may carry, as JSON text. */
export const MAX_OUTBOX_INPUT_BYTES = 1024 * 1024;

/** Methods that never go through the outbox: this machine's own, and the outbox's. */
const NOT_QUEUED: ReadonlySet<string> = MACHINE_METHODS;

/** No answer from the server at all: offline, not the entry's fault. */
const UNREACHABLE: ReadonlySet<string> = new Set(['server_unreachable', 'disposed']);
/** How often {@link SyncOutbox.status} asks the server's health again while nothing is being sent. */
const HEALTH_RECHECK_MS = 10_000;
/** Passing trouble on the server's side: try again later, at the cost of an attempt. */
const TRANSIENT: ReadonlySet<string> = new Set([
  'service_unavailable',
  'rate_limited',
  'request_in_progress',
  'internal',
  'server_answer_invalid',
]);

/** The server the outbox sends to now, through the desktop's client of it. */
export interface SyncConnection {
  url: string;
  client: {
    call(method: MethodName, input: never, options?: CallOptions): Promise<unknown>;
    healthy(): Promise<boolean>;
  };
}

/** Timers, injectable so tests decide what time it is. */
export interface SyncClock {
  now(): number;
  setTimeout(work: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The clock of the running app: real time, timers that never keep the process alive. */
export const realClock: SyncClock = {
  now: () => Date.now(),
  setTimeout: (work, ms) => {
    const timer = setTimeout(work, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the outbox needs. */
export interface SyncOutboxOptions {
  outbox: OutboxPort;
  /** The server connected to now, or undefined while the desktop works locally. */
  connection: () => SyncConnection | undefined | Promise<SyncConnection | undefined>;
  policy?: Partial<RetryPolicy>;
  clock?: SyncClock;
  random?: () => number;
  logger?: Logger;
}

/** How the outbox stands, for `syncStatus` and `nimbus sync status`. */
export interface SyncState {
  /** `local`: not connected to a server; `signed_out`: the server no longer accepts the session. */
  connection: 'local' | 'online' | 'offline' | 'signed_out';
  serverUrl: string | null;
  waiting: number;
  dead: number;
  applied: number;
  discarded: number;
  lastSyncAt: string | null;
  lastError: { code: string; message: string } | null;
  /** When the drainer tries next (an entry's retry or a probe of the server), if it waits for one. */
  nextAttemptAt: string | null;
}

/** The outbox and its drainer (see the module comment). */
export class SyncOutbox {
  private readonly policy: RetryPolicy;
  private readonly clock: SyncClock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private timer: unknown;
  private timerAt: number | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private disposed = false;
  private started = false;
  private mode: 'online' | 'offline' | 'signed_out' = 'online';
  /** Whether `mode` comes from an answer (or its absence) the server gave this process. */
  private known = false;
  private probes = 0;
  /** When this process last asked the server's `/healthz` for {@link status}. */
  private checkedAt = Number.NEGATIVE_INFINITY;
  private lastError: { code: string; message: string } | null = null;
  /** Callers waiting on one entry: how to check it again, and how to stop waiting. */
  private readonly watchers = new Map<() => void, () => void>();

  constructor(private readonly options: SyncOutboxOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? discardLogger;
  }

  /** Sends again what a stopped process left `sending`, then drains what is due. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.outbox.recoverSending(this.isoNow());
    this.kick();
  }

  /**
   * Queues `method(input)` for the server connected to now and starts sending it. The input is checked
   * against the method's schema here, so a malformed change is refused at once, not found dead later.
   */
  async enqueue(method: string, input: unknown): Promise<OutboxEntry> {
    if (!isMethodName(method))
      throw new NimbusError('unknown_method', `Unknown API method ${excerpt(method)}`, { method: excerpt(method) });
    if (NOT_QUEUED.has(method))
      throw new NimbusError('invalid_input', `${method} is answered by this machine and never goes through the outbox`, { method });
    assertShallow(input, `input to ${method}`);
    const parsed: unknown = parseOrThrow(contract[method].input, input ?? {}, `input to ${method}`);
    const text = JSON.stringify(parsed ?? {});
    if (Buffer.byteLength(text) > MAX_OUTBOX_INPUT_BYTES)
      throw new NimbusError(
        'payload_too_large',
        `The input to ${method} is larger than ${MAX_OUTBOX_INPUT_BYTES} bytes; the outbox keeps smaller changes`,
        {
          limit: MAX_OUTBOX_INPUT_BYTES,
        },
      );
    const connection = await this.options.connection();
    if (!connection)
      throw new NimbusError('server_only', `Connect to a shared Nimbus server first: ${method} is queued for the server it is meant for`, {
        method,
      });
    const entry = await this.options.outbox.insert({
      id: randomUUID(),
      serverUrl: connection.url,
      idempotencyKey: randomUUID(),
      method,
      input: parsed ?? {},
      now: this.isoNow(),
    });
    this.kick();
    return entry;
  }

  /** Tries every waiting entry now (their pauses end), and resolves once the drainer stopped again. */
  async syncNow(): Promise<SyncState> {
    this.mode = this.mode === 'signed_out' ? 'signed_out' : 'online';
    this.probes = 0;
    this.kick(true);
    await this.settled();
    return this.status();
  }

  /**
   * How the outbox stands. Before this process heard from the server it asks `/healthz`; while
   * nothing is being sent it asks again every {@link HEALTH_RECHECK_MS}, so a server that went away
   * (or came back) with nothing waiting is not shown as it was.
   */
  async status(): Promise<SyncState> {
    const connection = await this.options.connection();
    const idle = this.draining === null && this.timerAt === null;
    if (connection && (!this.known || (idle && this.mode !== 'signed_out' && this.clock.now() - this.checkedAt >= HEALTH_RECHECK_MS))) {
      this.checkedAt = this.clock.now();
      const known = this.known;
      const healthy = await connection.client.healthy();
      // An answer the drainer got meanwhile says more than the health check.
      if (this.known === known && this.mode !== 'signed_out') this.mode = healthy ? 'online' : 'offline';
      this.known = true;
    }
    const counts = await this.options.outbox.counts();
    return {
      connection: connection ? this.mode : 'local',
      serverUrl: connection?.url ?? null,
      waiting: counts.waiting + counts.sending,
      dead: counts.dead,
      applied: counts.applied,
      discarded: counts.discarded,
      lastSyncAt: await this.options.outbox.lastAppliedAt(),
      lastError: this.lastError,
      nextAttemptAt: this.timerAt === null ? null : new Date(this.timerAt).toISOString(),
    };
  }

  /** The entries, oldest first (the newest `limit`), optionally of some statuses only. */
  list(filter: { statuses?: OutboxStatus[]; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.options.outbox.list(filter);
  }

  /** One entry; `not_found` when no entry has the id. */
  async get(id: string): Promise<OutboxEntry> {
    const entry = await this.options.outbox.get(id);
    if (!entry) throw new NimbusError('not_found', `No outbox entry has the id ${excerpt(id)}`, { id: excerpt(id) });
    return entry;
  }

  /** A dead letter (or a waiting entry) back to waiting, due now, its attempts reset; sent with the same key. */
  async retry(id: string): Promise<OutboxEntry> {
    const entry = await this.get(id);
    if (!(await this.options.outbox.retry(id, this.isoNow())))
      throw new NimbusError(
        'outbox_entry_state',
        `The outbox entry ${id} is ${entry.status}; only a dead or waiting entry can be retried`,
        {
          id,
          status: entry.status,
        },
      );
    this.kick(true);
    return this.get(id);
  }

  /** Gives a dead letter (or a waiting entry) up: it is never sent, and stays listed as discarded. */
  async discard(id: string): Promise<OutboxEntry> {
    const entry = await this.get(id);
    if (!(await this.options.outbox.discard(id, this.isoNow())))
      throw new NimbusError(
        'outbox_entry_state',
        `The outbox entry ${id} is ${entry.status}; only a dead or waiting entry can be discarded`,
        {
          id,
          status: entry.status,
        },
      );
    // A discarded head no longer holds the rest back.
    this.kick();
    return this.get(id);
  }

  /** The desktop connected, reconnected or signed in again: try at once. */
  connectionChanged(): void {
    this.mode = 'online';
    this.probes = 0;
    this.kick(true);
  }

  /**
   * The entry once the server answered it (applied or dead), it was discarded, or a first try failed
   * and it waits (offline, or for its pause): what a caller waiting on one change can tell its user.
   * After `timeoutMs` it is returned as it is.
   */
  async whenSettled(id: string, timeoutMs: number): Promise<OutboxEntry> {
    const settled = (entry: OutboxEntry) => (entry.status === 'waiting' ? entry.lastError !== null : entry.status !== 'sending');
    let entry = await this.get(id);
    if (settled(entry)) return entry;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.clock.clearTimeout(timer);
        this.watchers.delete(watcher);
        resolve();
      };
      const watcher = () => {
        void this.options.outbox.get(id).then((current) => {
          if (!current || settled(current)) done();
        }, done);
      };
      const timer = this.clock.setTimeout(done, timeoutMs);
      this.watchers.set(watcher, done);
    });
    entry = await this.get(id);
    return entry;
  }

  private notify(): void {
    for (const watcher of [...this.watchers.keys()]) watcher();
  }

  /** Resolves when the drainer has nothing running (the timer may still be set). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops the drainer; an entry being sent stays `sending` and is sent again by the next start. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimer();
    // Whoever waits on an entry hears how it stands now.
    for (const done of [...this.watchers.values()]) done();
    await this.settled();
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = null;
  }

  private schedule(ms: number): void {
    const at = this.clock.now() + Math.max(0, ms);
    if (this.timerAt !== null && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = null;
        this.kick();
      },
      Math.max(0, ms),
    );
  }

  /** Runs the drainer (or has the running one go round once more); `dueNow` ends every pause first. */
  private kick(dueNow = false): void {
    if (this.disposed) return;
    if (dueNow) this.forceDue = true;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => {
        logFailure(this.logger, 'warn', 'The sync outbox could not be drained; trying again shortly', error);
        this.schedule(this.policy.baseMs);
      })
      .finally(() => {
        this.draining = null;
        if (this.again && !this.disposed) {
          this.again = false;
          this.kick();
        }
      });
  }

  private forceDue = false;

  private async drain(): Promise<void> {
    this.again = false;
    const forceDue = this.forceDue;
    this.forceDue = false;
    if (forceDue) this.clearTimer();
    // "Now" ends each entry's pause once per pass: an entry that fails again waits its new pause.
    const tried = new Set<string>();
    for (;;) {
      if (this.disposed) return;
      const connection = await this.options.connection();
      if (!connection) return;
      const entry = await this.options.outbox.nextPending(connection.url);
      if (!entry) return;
      const now = this.clock.now();
      const due = Date.parse(entry.nextAttemptAt);
      const forced = forceDue && !tried.has(entry.id);
      tried.add(entry.id);
      if (!forced && due > now) return this.schedule(due - now);
      if (this.mode !== 'online' && !forced) {
        if (this.mode === 'signed_out') return;
        if (!(await connection.client.healthy())) {
          this.probes += 1;
          return this.schedule(
            backoffDelay(this.probes, { baseMs: this.policy.baseMs, capMs: Math.min(this.policy.capMs, 30_000) }, this.random) || 1,
          );
        }
        this.mode = 'online';
        this.known = true;
        this.probes = 0;
      }
      if (!(await this.options.outbox.markSending(entry.id, this.isoNow()))) continue;
      const stop = await this.send(connection, entry);
      this.notify();
      if (stop) return;
    }
  }

  /** Sends one entry and records the outcome; true when the drainer should stop for now. */
  private async send(connection: SyncConnection, entry: OutboxEntry): Promise<boolean> {
    let answer: unknown;
    try {
      answer = await connection.client.call(entry.method as MethodName, entry.input as never, { idempotencyKey: entry.idempotencyKey });
    } catch (error) {
      return this.failed(entry, error);
    }
    await this.options.outbox.markApplied(entry.id, answer, this.isoNow());
    this.mode = 'online';
    this.known = true;
    this.lastError = null;
    return false;
  }

  private async failed(entry: OutboxEntry, error: unknown): Promise<boolean> {
    const code = error instanceof NimbusError ? error.code : 'internal';
    const message = excerpt(error instanceof Error ? error.message : String(error), 1000);
    const failure = { code, message };
    this.lastError = failure;
    const now = this.clock.now();
    if (UNREACHABLE.has(code) || code === 'unauthorized') {
      // Not the entry's fault: it waits, due at once, while the drainer probes (or waits for a sign-in).
      await this.options.outbox.markRetry(entry.id, failure, new Date(now).toISOString(), false, this.isoNow());
      this.mode = code === 'unauthorized' ? 'signed_out' : 'offline';
      this.known = true;
      if (this.mode === 'offline') {
        this.probes = 1;
        this.schedule(backoffDelay(1, this.policy, this.random) || 1);
      }
      return true;
    }
    const attempts = entry.attempts + 1;
    if (TRANSIENT.has(code) && attempts < this.policy.maxAttempts) {
      const retryAfter = (error instanceof NimbusError ? error.details.retryAfterSeconds : undefined) as unknown;
      const pause = Math.max(
        backoffDelay(attempts, this.policy, this.random),
        typeof retryAfter === 'number' ? Math.min(retryAfter * 1000, this.policy.capMs) : 0,
      );
      await this.options.outbox.markRetry(entry.id, failure, new Date(now + pause).toISOString(), true, this.isoNow());
      // The loop finds this entry at the head, not yet due, and sets the timer.
      return false;
    }
    await this.options.outbox.markDead(entry.id, failure, true, this.isoNow());
    this.logger.info(`The change ${entry.method} (outbox entry ${entry.id}) became a dead letter: ${code}: ${message}`, {
      entry: entry.id,
      code,
    });
    return false;
  }
}

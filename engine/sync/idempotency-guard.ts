/**
 * The server half of offline sync: a call sent with `Idempotency-Key` runs at most once per tenant,
 * actor and key. The first request claims the key (atomically, in the store), runs, and stores its
 * answer; a repeat with the same method and input gets that answer without running again; the same
 * key with another input is refused (`idempotency_key_reused`); a repeat while the first still runs
 * is told to come back (`request_in_progress`). Answers that say nothing ran (not signed in, not
 * permitted, malformed input, the server's own passing trouble) are not kept: the key is released,
 * so the client's next attempt runs for real (after a revoked grant is restored, say). Keys expire
 * after a day (a sweep removes them).
 *
 * Run once even across a crash: every transaction the call commits checks, inside itself, that the
 * call still holds its claim and marks the key applied (`RequestContext.idempotency`). A claim whose
 * server died is taken over after its lease only if nothing of it was committed; if something was,
 * the key answers `request_outcome_unknown` rather than run the change a second time.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from '../api/authorization.js';
import { runInRequest, type IdempotencyFence } from '../context/request-context.js';
import { runAsEngineWork } from '../context/tenant-scope.js';
import { NimbusError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { StoredAnswer } from '../store/ports/sync-records.js';

/** What an `Idempotency-Key` may be: a UUID, or any 8–128 letters, digits and `._:-`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** The header a client sends the key in (lower-case, as Node presents headers). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Error codes whose answer is not kept: the method did not run, or the server could not run it now. */
const NOT_KEPT: ReadonlySet<string> = new Set([
  'unauthorized',
  'forbidden',
  'invalid_input',
  'unknown_method',
  'payload_too_large',
  'rate_limited',
  'service_unavailable',
  'request_in_progress',
  'internal',
]);

/** How long keys live and how long a claim holds if its call never finishes. */
export interface IdempotencyGuardOptions {
  /** Keys older than this are swept (default 24 h). */
  ttlMs?: number;
  /**
   * A claim whose process died is taken over after this (NIMBUS_IDEMPOTENCY_LEASE_MS, else two minutes,
   * a client's time limit): a call that still runs then loses the key and commits nothing more.
   */
  leaseMs?: number;
  now?: () => number;
  logger?: Logger;
}

/** What the guard answers: the call's answer, replayed or not, or a refusal about the key itself. */
export type GuardedAnswer = StoredAnswer & { replayed: boolean; retryAfterSeconds?: number };

/** The lease of a claim from NIMBUS_IDEMPOTENCY_LEASE_MS, else two minutes. */
function leaseFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.NIMBUS_IDEMPOTENCY_LEASE_MS;
  return text && /^\d{1,9}$/.test(text) && Number(text) >= 100 ? Number(text) : 2 * 60 * 1000;
}

/** A stable hash of a JSON value: keys sorted, so `{a,b}` and `{b,a}` are one input. */
export function inputHash(method: string, input: unknown): string {
  return createHash('sha256').update(method).update('\u0000').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Runs calls at most once per key (see the module comment). */
export class IdempotencyGuard {
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(
    private readonly store: Pick<Repositories, 'idempotency'>,
    private readonly options: IdempotencyGuardOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.leaseMs = options.leaseMs ?? leaseFromEnv();
    this.now = options.now ?? Date.now;
  }

  /**
   * Answers one call made with `key`: runs `execute` when the key is new (or its earlier claim lapsed),
   * else the stored answer or a refusal. `execute` returns the HTTP status and body it would send.
   */
  async run(
    caller: Caller,
    key: string,
    method: string,
    input: unknown,
    execute: (fence: IdempotencyFence) => Promise<StoredAnswer>,
  ): Promise<GuardedAnswer> {
    if (!IDEMPOTENCY_KEY.test(key))
      throw new NimbusError('invalid_input', 'The Idempotency-Key header must be 8 to 128 letters, digits or ._:- (a UUID fits)', {});
    this.sweepNowAndThen();
    const now = this.now();
    const hash = inputHash(method, input);
    const fence: IdempotencyFence = { actor: caller.id, key, token: randomUUID() };
    const asCaller = <T>(work: () => Promise<T>) =>
      runInRequest(
        { requestId: `idempotency:${key}`, actor: caller.id, tenant: caller.tenant, clientAddress: null, permissions: caller.permissions },
        work,
      );
    const claim = await asCaller(() =>
      this.store.idempotency.claim({
        actor: caller.id,
        key,
        method,
        inputHash: hash,
        now: new Date(now).toISOString(),
        claimedUntil: new Date(now + this.leaseMs).toISOString(),
        token: fence.token,
      }),
    );
    switch (claim.state) {
      case 'done':
        return { ...claim.answer, replayed: true };
      case 'mismatch':
        throw new NimbusError(
          'idempotency_key_reused',
          claim.method === method
            ? `The Idempotency-Key ${key} was used before with another input to ${method}; use a new key for a new change`
            : `The Idempotency-Key ${key} was used before for ${claim.method}, not ${method}; use a new key for a new change`,
          { key, method },
        );
      case 'in_progress': {
        const seconds = Math.max(1, Math.min(5, Math.ceil((Date.parse(claim.claimedUntil) - now) / 1000)));
        throw new NimbusError('request_in_progress', `A request with the Idempotency-Key ${key} is still running; try again shortly`, {
          key,
          retryAfterSeconds: seconds,
        });
      }
      case 'unknown':
        throw new NimbusError(
          'request_outcome_unknown',
          `The call with the Idempotency-Key ${key} changed data but its server stopped before it answered; it is not run again. Check what it did (${method}) before making the change anew with a new key`,
          { key, method },
        );
      case 'claimed':
        break;
    }
    let answer: StoredAnswer;
    try {
      answer = await execute(fence);
    } catch (error) {
      await asCaller(() => this.store.idempotency.release(caller.id, key, fence.token)).catch(() => undefined);
      throw error;
    }
    const code = (answer.body as { code?: unknown } | null)?.code;
    const keep = answer.status < 400 || (typeof code === 'string' && !NOT_KEPT.has(code));
    try {
      if (keep) await asCaller(() => this.store.idempotency.finish(caller.id, key, fence.token, answer));
      else await asCaller(() => this.store.idempotency.release(caller.id, key, fence.token));
    } catch (error) {
      // The call ran: its answer goes out. The key stays claimed until its lease lapses, so a repeat
      // meanwhile is told to wait rather than run again.
      if (this.options.logger) logFailure(this.options.logger, 'warn', `Storing the answer of Idempotency-Key ${key} failed`, error);
    }
    return { ...answer, replayed: false };
  }

  /** Removes expired keys of every tenant; at most every ten minutes, in the background. */
  private sweepNowAndThen(): void {
    const now = this.now();
    if (now - this.lastSweep < 10 * 60 * 1000) return;
    this.lastSweep = now;
    void runAsEngineWork('idempotency-sweep', () => this.store.idempotency.sweep(new Date(now - this.ttlMs).toISOString())).catch(
      (error: unknown) => {
        if (this.options.logger) logFailure(this.options.logger, 'warn', 'Sweeping expired idempotency keys failed', error);
      },
    );
  }

  /** Removes every key older than the time to live now (tests, and a server's maintenance). */
  sweep(): Promise<number> {
    return runAsEngineWork('idempotency-sweep', () => this.store.idempotency.sweep(new Date(this.now() - this.ttlMs).toISOString()));
  }
}

/**
 * What the engine knows about the call it is serving, carried through every await without being
 * passed along: who made it, which request it is, where it came from. The dispatcher opens a
 * context around each call; the audit log reads it, so every change names its actor, tenant, request
 * and client address however deep in a service it is made. Work a call starts (a job) keeps the
 * context of the call that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Permission } from '../common/permissions.js';

/** The call being served. */
export interface RequestContext {
  readonly requestId: string;
  /** The caller's id (a user or token), or null for the engine's own work. */
  readonly actor: string | null;
  readonly tenant: string | null;
  /** The client's network address, when the call came over the network. */
  readonly clientAddress: string | null;
  /** What the caller may do in its tenant (absent for the engine's own work). */
  readonly permissions?: ReadonlySet<Permission>;
  /**
   * The engine's own work across every tenant (start-up recovery, pollers, timers), opened only by
   * `runAsEngineWork` in `tenant-scope.ts`; never set for a call a client made.
   */
  readonly engineWork?: true;
  /**
   * The idempotency key this call runs under (`engine/sync/idempotency-guard.ts`): every transaction
   * the call commits first checks, in that transaction, that the call still holds the key's claim,
   * so of two runs of one key (one whose process was thought dead) at most one changes anything.
   */
  readonly idempotency?: IdempotencyFence;
}

/** A call's claim on an idempotency key: whose key, and the token of this claim. */
export interface IdempotencyFence {
  readonly actor: string;
  readonly key: string;
  readonly token: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` as part of the call described by `context`. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The call being served, or undefined outside any (start-up, recovery, timers). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

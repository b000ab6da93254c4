import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../common/method-names.js';

/**
 * The server's answers this desktop keeps for offline work: what `method` answered to `input` the
 * last time the server was reached, or undefined when this desktop never kept that answer. Offline
 * planning reads environments, component versions, the governance policy and the desktop's leases
 * through it, whoever keeps them (the replica of the server's data on a desktop).
 */
export interface OfflineSource {
  answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined>;
}

/**
 * The server's answers a desktop keeps and can add to (its replica): what planning offline reads, and
 * where what it asks the server for itself is kept, for the session it was asked in.
 */
export interface KeptAnswers extends OfflineSource {
  /** When the kept answer of `method(input)` was fetched from the server (ISO), or undefined. */
  fetchedAt<M extends MethodName>(method: M, input: MethodInput<M>): Promise<string | undefined>;
  /** Keeps the server's answer to `method(input)` asked in `session`. */
  keep(session: { url: string; tenant: string; user: string }, method: MethodName, input: unknown, answer: unknown): Promise<void>;
}

/**
 * The desktop's replica of a shared server's answers (the local SQLite store only: a shared server
 * is the source of what is kept, and keeps no replica of itself).
 */

/** Whose answers: a server address, a tenant and a user there, so none of them ever mix. */
export interface ReplicaScope {
  /** The scope's key, unique per (server, tenant, user). */
  key: string;
  serverUrl: string;
  tenant: string;
  user: string;
}

/** One kept answer. */
export interface ReplicaAnswer {
  method: string;
  inputKey: string;
  answer: unknown;
  fetchedAt: string;
}

/** How a scope's replica stands: when it was last brought up to date, and its last failure. */
export interface ReplicaScopeState {
  syncedAt: string | null;
  lastError: { code: string; message: string } | null;
}

/** The replica's records; every write is one statement (or one transaction) of its own. */
export interface ReplicaPort {
  /** Keeps `answer` as the answer of `method` to the input whose canonical key is `inputKey`. */
  put(scope: ReplicaScope, method: string, inputKey: string, answer: unknown, fetchedAt: string): Promise<void>;
  /** The kept answer, or undefined. */
  get(scopeKey: string, method: string, inputKey: string): Promise<ReplicaAnswer | undefined>;
  /** The input keys kept for `method`. */
  keys(scopeKey: string, method: string): Promise<string[]>;
  /** Drops the answers of `method` to these inputs; returns how many were dropped. */
  remove(scopeKey: string, method: string, inputKeys: readonly string[]): Promise<number>;
  /** How many answers the scope keeps, in all and per method. */
  counts(scopeKey: string): Promise<{ records: number; byMethod: Record<string, number> }>;
  /** The scope's state; undefined when nothing was ever kept for it. */
  state(scopeKey: string): Promise<ReplicaScopeState | undefined>;
  /** Records a finished update (with `syncedAt`) or a failed one (`lastError`, the previous `syncedAt` kept). */
  recordUpdate(
    scope: ReplicaScope,
    update: { syncedAt?: string; lastError: { code: string; message: string } | null; now: string },
  ): Promise<void>;
}

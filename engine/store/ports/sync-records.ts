/**
 * The records of offline sync: a server's idempotency keys (both stores) and the desktop's outbox
 * (the local SQLite store only: a shared server has no outbox of its own).
 */

/** What a server answered a call with, as stored for a repeated key: the HTTP status and the JSON body. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Claiming an idempotency key for one call. */
export interface IdempotencyClaimRequest {
  actor: string;
  key: string;
  method: string;
  inputHash: string;
  /** Now, as the server's clock says (ISO). */
  now: string;
  /** Until when the claim holds if the call never finishes (its process died): afterwards it may be taken over. */
  claimedUntil: string;
  /** This claim's token: only the call holding it may commit changes under the key, finish or release it. */
  token: string;
}

/**
 * What claiming a key found: `claimed` (run the call, then finish or release the key), `done` (the
 * stored answer), `in_progress` (another request with the key runs now), `mismatch` (the key was
 * used for another method or input), `unknown` (a call with the key changed data and its process
 * died before it stored the answer: it must not run again, and its answer is lost).
 */
export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'done'; answer: StoredAnswer }
  | { state: 'in_progress'; claimedUntil: string }
  | { state: 'mismatch'; method: string }
  | { state: 'unknown' };

/** A server's idempotency keys, per tenant (the scope's) and actor. */
export interface IdempotencyPort {
  /** Claims `key` atomically: of two requests with one key, exactly one gets `claimed`. */
  claim(request: IdempotencyClaimRequest): Promise<IdempotencyClaim>;
  /** Stores the answer of the call holding the claim `token`; a repeated request gets it from now on. */
  finish(actor: string, key: string, token: string, answer: StoredAnswer): Promise<void>;
  /** Gives the claim `token` up (the call changed nothing): the next request with the key runs again. */
  release(actor: string, key: string, token: string): Promise<void>;
  /** Deletes the keys created before `before` (ISO) in every tenant; returns how many. Engine work only. */
  sweep(before: string): Promise<number>;
}

/** Where an outbox entry is: see the README's "Sync" section. */
export type OutboxStatus = 'waiting' | 'sending' | 'dead' | 'discarded' | 'applied';

/** One change waiting for, sent to, or applied by a shared server. */
export interface OutboxEntry {
  id: string;
  /** Its place in the outbox: entries are sent in this order. */
  position: number;
  serverUrl: string;
  idempotencyKey: string;
  method: string;
  input: unknown;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastError: { code: string; message: string } | null;
  /** The server's answer once applied. */
  answer: unknown;
  appliedAt: string | null;
  updatedAt: string;
}

/** A new entry for the outbox. */
export interface NewOutboxEntry {
  id: string;
  serverUrl: string;
  idempotencyKey: string;
  method: string;
  input: unknown;
  now: string;
}

/** How an entry's state changes; each write is atomic and guarded by the status it expects. */
export interface OutboxPort {
  insert(entry: NewOutboxEntry): Promise<OutboxEntry>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Every entry in order, optionally only those of some statuses, the newest `limit` at most. */
  list(filter?: { statuses?: OutboxStatus[]; limit?: number }): Promise<OutboxEntry[]>;
  /** The first entry still to send (waiting or left sending), in order, for one server. */
  nextPending(serverUrl: string): Promise<OutboxEntry | undefined>;
  /** Counts per status. */
  counts(): Promise<Record<OutboxStatus, number>>;
  /** Marks an entry being sent (from waiting or sending); false when it is no longer there to send. */
  markSending(id: string, now: string): Promise<boolean>;
  markApplied(id: string, answer: unknown, now: string): Promise<void>;
  /** A passing failure: back to waiting until `nextAttemptAt`; `countAttempt` false when it never reached the server. */
  markRetry(id: string, error: { code: string; message: string }, nextAttemptAt: string, countAttempt: boolean, now: string): Promise<void>;
  markDead(id: string, error: { code: string; message: string }, countAttempt: boolean, now: string): Promise<void>;
  /** A dead or waiting entry back to waiting, due now, its attempts reset; false when it is neither. */
  retry(id: string, now: string): Promise<boolean>;
  /** A dead or waiting entry discarded (kept for the record); false when it is neither. */
  discard(id: string, now: string): Promise<boolean>;
  /** Entries left `sending` by a process that stopped go back to waiting (sent again with their key). */
  recoverSending(now: string): Promise<number>;
  /** When an entry was last applied, or null. */
  lastAppliedAt(): Promise<string | null>;
}

/** Where a value drawn offline from a lease is: waiting for the server, confirmed by it, or refused (drawn again). */
export type LeaseDrawStatus = 'provisional' | 'confirmed' | 'refused';

/** One address or name a desktop drew from its lease for one node input while planning offline. */
export interface LeaseDraw {
  id: string;
  serverUrl: string;
  /** The server's tenant the lease belongs to (the session's). */
  serverTenant: string;
  lease: string;
  environment: string;
  /** When the lease ends: the value is the desktop's to plan with until then. */
  expiresAt: string;
  kind: 'address' | 'name';
  /** The IPAM pool of an address ('' for a name). */
  pool: string;
  value: string;
  fqdn: string | null;
  /** The topology (its id, or `unsaved` for a document planned without one) and the node input that holds it. */
  topology: string;
  node: string;
  label: string;
  field: string;
  /** Who the value belongs to once confirmed: the node in the topology. */
  owner: string;
  status: LeaseDrawStatus;
  /** The server's outcome (confirmed, already_confirmed, reserved, refused) and, when refused, why. */
  outcome: string | null;
  reason: string | null;
  drawnAt: string;
  settledAt: string | null;
}

/** The desktop's draws from its leases (the local SQLite store only). */
export interface LeaseDrawPort {
  /** Records new draws, all or none; a value already drawn (or a node input already holding one) fails the whole batch. */
  insert(draws: LeaseDraw[]): Promise<void>;
  /** Draws, oldest first: of one server and tenant when given, only those of some statuses when given. */
  list(filter?: { serverUrl?: string; serverTenant?: string; statuses?: LeaseDrawStatus[] }): Promise<LeaseDraw[]>;
  /** Records the server's answer for a provisional draw; false when it is no longer provisional. */
  settle(id: string, status: 'confirmed' | 'refused', outcome: string, reason: string | null, now: string): Promise<boolean>;
  /**
   * Forgets draws of nodes that are gone, each only while it still has `status` (a draw the server
   * settled meanwhile is left for the caller to see again); returns how many were forgotten.
   */
  remove(ids: readonly string[], status: LeaseDrawStatus): Promise<number>;
}

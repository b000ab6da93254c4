/** The desktop's outbox of changes for a shared server, as the API shows it. */
import { z } from 'zod';
import { EntityId } from './common.js';
import { ReplicaStatusSchema } from './topology-documents.js';

/** Where an outbox entry is. */
export const OutboxStatusSchema = z.enum(['waiting', 'sending', 'dead', 'discarded', 'applied']);

/** One change waiting for, sent to, or applied by the shared server. */
export const OutboxEntrySchema = z.object({
  id: z.string(),
  position: z.number().int(),
  serverUrl: z.string(),
  /** Sent as `Idempotency-Key`: the server applies the change at most once. */
  idempotencyKey: z.string(),
  method: z.string(),
  input: z.unknown(),
  status: OutboxStatusSchema,
  attempts: z.number().int().nonnegative(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The server's answer once applied. */
  answer: z.unknown(),
  appliedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type OutboxEntryView = z.infer<typeof OutboxEntrySchema>;

/** How the outbox stands. */
export const SyncStatusSchema = z.object({
  /** `local`: not connected to a server; `signed_out`: the server no longer accepts the session (sign in again). */
  connection: z.enum(['local', 'online', 'offline', 'signed_out']),
  serverUrl: z.string().nullable(),
  /** Changes still to send (waiting or being sent). */
  waiting: z.number().int().nonnegative(),
  /** Dead letters: refused by the server or out of attempts; retry or discard them. */
  dead: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  discarded: z.number().int().nonnegative(),
  /** When the server last applied a change from this outbox. */
  lastSyncAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** When the outbox tries next, if it waits for a pause to end. */
  nextAttemptAt: z.string().nullable(),
  /** Shared topologies edited on this desktop whose edits the server has not taken yet. */
  documentsWaiting: z.number().int().nonnegative().optional(),
  /** What this desktop keeps of the server's data for offline work (null while local). */
  replica: ReplicaStatusSchema.nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const ListOutboxInputSchema = z
  .object({
    /** Only entries of these statuses (all by default). */
    status: z.array(OutboxStatusSchema).max(5).optional(),
    /** The newest this many (1–1000, default 1000). */
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const OutboxEntryIdSchema = z.object({ id: EntityId }).strict();

/** The work that needs the shared server (deploys, destroys, day-2 operations): what may wait in the outbox for it. */
export const SERVER_WORK_METHODS = [
  'startDeployment',
  'startTopologyDestroy',
  'startTopologyRefresh',
  'destroyDeployment',
  'upgradeDeployment',
  'repairDrift',
  'acceptDrift',
  'deployStack',
  'destroyStackInstance',
  'upgradeStackInstance',
  'runStackOperation',
] as const;

/** Work to start on the shared server once it answers again, queued in this desktop's outbox. */
export const QueueForServerInputSchema = z
  .object({ method: z.enum(SERVER_WORK_METHODS), input: z.record(z.string(), z.unknown()).default({}) })
  .strict();

/** Where a value drawn offline from a lease is. */
export const ProvisionalStatusSchema = z.enum(['provisional', 'confirmed', 'refused']);

/**
 * An address or name this desktop drew from its lease while planning offline: provisional until the
 * server confirms it; a refused one (the lease ended and someone else took it) says why, and what the
 * node drew instead when it planned again offline.
 */
export const ProvisionalValueSchema = z.object({
  id: z.string(),
  serverUrl: z.string(),
  environment: z.string(),
  topology: z.string(),
  node: z.string(),
  label: z.string(),
  field: z.string(),
  kind: z.enum(['address', 'name']),
  /** The IPAM pool of an address ('' for a name). */
  pool: z.string(),
  value: z.string(),
  lease: z.string(),
  expiresAt: z.string(),
  status: ProvisionalStatusSchema,
  /** The server's answer: confirmed, already_confirmed, reserved (the lease no longer held it, it was free) or refused. */
  outcome: z.string().nullable(),
  reason: z.string().nullable(),
  drawnAt: z.string(),
  settledAt: z.string().nullable(),
  /** For a refused value: what the node drew in its place since, if it planned offline again. */
  replacedBy: z.string().nullable(),
});
export type ProvisionalValue = z.infer<typeof ProvisionalValueSchema>;

export const ListProvisionalValuesInputSchema = z
  .object({
    status: z.array(ProvisionalStatusSchema).max(3).optional(),
    /** The newest this many (1–1000, default 500). */
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

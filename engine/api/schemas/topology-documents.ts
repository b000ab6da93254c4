/**
 * Topologies as shared CRDT documents (see `engine/sync/topology-document.ts`): how replicas exchange
 * them through the API, the conflicts a merge kept, and the live notices other desktops hear.
 * Document bytes travel base64-encoded (JSON transports); the engine checks every byte it takes.
 */
import { z } from 'zod';
import { EntityId, Revision } from './common.js';

/** Largest single change message or document, base64-encoded (a 1,000-node document is about 60 KB). */
export const MAX_DOCUMENT_BASE64 = 16 * 1024 * 1024;
/** Most change messages in one sync call. */
export const MAX_SYNC_CHANGES = 1000;

/** Bytes as base64 text (document bytes and change messages). */
export const Base64Bytes = z
  .string()
  .max(MAX_DOCUMENT_BASE64)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text');
/** Heads of a document: hashes of its latest changes (hex). */
const Heads = z.array(z.string().regex(/^[0-9a-f]{64}$/, 'a change hash (64 hex digits)')).max(1000);

/** The whole shared document of a topology, for a replica that has none yet. */
export const TopologyDocumentBytesSchema = z.object({
  id: EntityId,
  name: z.string(),
  revision: z.number().int(),
  /** `TopologyReplica.save()`, base64. */
  document: Base64Bytes,
  heads: Heads,
});
export type TopologyDocumentBytes = z.infer<typeof TopologyDocumentBytesSchema>;

/** A replica sends what it has (heads) and its changes the other side may lack. */
export const SyncTopologyDocumentInputSchema = z
  .object({
    id: EntityId,
    /** The sender's heads after its own changes: the answer holds what it lacks. */
    heads: Heads,
    /** Change messages (`TopologyReplica.changesSince`), base64, oldest first; repeats are harmless. */
    changes: z.array(Base64Bytes).max(MAX_SYNC_CHANGES),
  })
  .strict();

/** The other side's heads after taking the changes, and the changes the sender lacks. */
export const SyncTopologyDocumentOutputSchema = z.object({
  id: EntityId,
  /** The topology record's revision after the merge. */
  revision: z.number().int(),
  heads: Heads,
  changes: z.array(Base64Bytes),
  /** How many conflicts the merged document holds (list them with `listTopologyConflicts`). */
  conflicts: z.number().int().nonnegative(),
});

/** One value of a conflict and who wrote it. */
export const TopologyConflictValueSchema = z.object({
  /** Pass back to `resolveTopologyConflict` to keep this value. */
  id: z.string(),
  value: z.unknown(),
  actor: z.string(),
  userId: z.string().nullable(),
  /** The user's display name where the engine knows it. */
  userName: z.string().nullable(),
});

/** A place where replicas made concurrent edits and both values were kept (see `TopologyConflict`). */
export const TopologyConflictSchema = z.object({
  kind: z.enum(['field', 'deleted-while-edited', 'added-twice', 'input-wired-twice']),
  collection: z.enum(['nodes', 'wires', 'frames']),
  /** The node, wire or frame id. */
  id: z.string(),
  field: z.string().optional(),
  path: z.array(z.string()),
  /** Every value, the one shown now first. */
  values: z.array(TopologyConflictValueSchema),
});
export type TopologyConflictView = z.infer<typeof TopologyConflictSchema>;

export const TopologyConflictsSchema = z.object({
  id: EntityId,
  revision: z.number().int(),
  conflicts: z.array(TopologyConflictSchema),
});

export const ResolveTopologyConflictInputSchema = z
  .object({
    id: EntityId,
    path: z.array(z.string().max(500)).min(1).max(10),
    /** The id of the value to keep (`TopologyConflictValue.id`). */
    valueId: z.string().min(1).max(500),
    /** The revision the user looked at, so a conflict resolved meanwhile elsewhere is not resolved twice. */
    expectedRevision: Revision.optional(),
  })
  .strict();

export const SetTopologyPresenceInputSchema = z
  .object({
    id: EntityId,
    /** Node ids the user has selected (empty when nothing is). */
    selection: z.array(z.string().max(200)).max(1000),
  })
  .strict();

/**
 * Live notices about shared documents, as the app hears them: another user changed a topology (read
 * it again) or moved their selection, or changed a component's or stack's draft. Only the tenant's
 * readers hear them.
 */
export type TopologyEventNotice =
  | {
      type: 'topology.changed';
      topologyId: string;
      revision: number;
      /** Who made the change; null when it is this desktop's own merge of several. */
      userId: string | null;
      userName: string | null;
      at: string;
    }
  | {
      type: 'topology.presence';
      topologyId: string;
      userId: string;
      userName: string;
      selection: string[];
      at: string;
    }
  | {
      type: 'draft.changed';
      kind: 'component' | 'stack';
      /** The component's or stack's name. */
      name: string;
      userId: string | null;
      userName: string | null;
      at: string;
    };

/** Checks a notice that came over a wire. */
export const TopologyEventNoticeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('topology.changed'),
    topologyId: z.string(),
    revision: z.number().int(),
    userId: z.string().nullable(),
    userName: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('topology.presence'),
    topologyId: z.string(),
    userId: z.string(),
    userName: z.string(),
    selection: z.array(z.string()).max(1000),
    at: z.string(),
  }),
  z.object({
    type: z.literal('draft.changed'),
    kind: z.enum(['component', 'stack']),
    name: z.string(),
    userId: z.string().nullable(),
    userName: z.string().nullable(),
    at: z.string(),
  }),
]);

/** What this desktop keeps of the server's data for offline work, for `syncStatus`. */
export const ReplicaStatusSchema = z.object({
  /** When the replica was last brought up to date from the server (null: never). */
  syncedAt: z.string().nullable(),
  /** Server answers kept for offline reading. */
  records: z.number().int().nonnegative(),
  /** Shared topology documents kept on this desktop. */
  topologies: z.number().int().nonnegative(),
  /** The replica's last failure to update, if its last try failed. */
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /**
   * The leases this desktop holds for offline planning, as of the last update in this session: how
   * many are live, in how many environments the user may see, and why some are missing (no permission,
   * an environment without a pool), or null before the first update.
   */
  leases: z
    .object({ held: z.number().int().nonnegative(), environments: z.number().int().nonnegative(), note: z.string().nullable() })
    .nullable()
    .optional(),
});
export type ReplicaStatus = z.infer<typeof ReplicaStatusSchema>;

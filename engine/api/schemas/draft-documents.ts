/**
 * Component and stack drafts as shared CRDT documents (see `engine/sync/draft-document.ts`): how a
 * desktop's replica exchanges changes with the server, the conflicts a merge kept, and what a draft's
 * detail says about its document.
 */
import { z } from 'zod';
import { Base64Bytes } from './topology-documents.js';

const Heads = z.array(z.string().regex(/^[0-9a-f]{64}$/, 'a change hash (64 hex digits)')).max(1000);
const DraftName = z.string().min(1).max(200);
const Path = z.array(z.string().max(500)).min(1).max(40);

/** One value of a draft conflict and who wrote it. */
export const DraftConflictValueSchema = z.object({
  /** Pass back to resolve…DraftConflict to keep this value. */
  id: z.string(),
  value: z.unknown(),
  actor: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
});

/** A field of a draft two replicas set concurrently: every value kept, the one shown now first. */
export const DraftConflictSchema = z.object({
  /** Keys from the draft's root (items of named lists by their name), e.g. `["inputSchema","properties","size","default"]`. */
  path: z.array(z.string()),
  values: z.array(DraftConflictValueSchema),
});
export type DraftConflictView = z.infer<typeof DraftConflictSchema>;

/** What a draft's detail says about its shared document (absent where drafts are not shared documents). */
export const DraftSyncInfoSchema = z.object({
  conflicts: z.array(DraftConflictSchema),
  /** Edits made on this desktop that the server has not taken yet. */
  waiting: z.boolean(),
  /**
   * Why the merged draft could not become the draft record (it fails the draft's checks), or why the
   * server refused this desktop's edits or its creation of the draft; null when nothing is wrong.
   */
  problem: z.string().nullable(),
  /** Made on this desktop offline: the server does not have this draft yet. */
  local: z.boolean().optional(),
});
export type DraftSyncInfo = z.infer<typeof DraftSyncInfoSchema>;

/** A replica sends its heads and the changes the server may lack; with no heads it gets the whole document. */
export const SyncDraftDocumentInputSchema = z
  .object({
    name: DraftName,
    heads: Heads,
    /** Change messages, base64, oldest first; repeats are harmless. */
    changes: z.array(Base64Bytes).max(1000),
  })
  .strict();

export const SyncDraftDocumentOutputSchema = z.object({
  name: z.string(),
  /** The draft record's revision after the merge. */
  revision: z.number().int(),
  heads: Heads,
  /** What the replica lacks (the whole document when it sent no heads), base64. */
  changes: z.array(Base64Bytes),
  conflicts: z.array(DraftConflictSchema),
  problem: z.string().nullable(),
});
export type SyncDraftDocumentOutput = z.infer<typeof SyncDraftDocumentOutputSchema>;

/** A draft held on this desktop whose unsent edits (or whole creation, for one made offline) are given up. */
export const DiscardLocalDraftInputSchema = z.object({ kind: z.enum(['component', 'stack']), name: DraftName }).strict();

export const DiscardLocalDraftOutputSchema = z.object({
  /** False when this desktop held no replica of the draft. */
  discarded: z.boolean(),
  /** Whether the server has the draft (then it is read from there again); false for one made offline, now gone. */
  onServer: z.boolean(),
});

export const ResolveDraftConflictInputSchema = z
  .object({
    name: DraftName,
    path: Path,
    /** The id of the value to keep (`DraftConflictValue.id`). */
    valueId: z.string().min(1).max(500),
  })
  .strict();

/**
 * The records of catalog drafts kept as CRDT documents (`engine/sync/draft-document.ts`): the shared
 * server's one document per draft, and a desktop's replicas of them. The store keeps opaque bytes and
 * heads; the CRDT stays in `engine/sync/`.
 */
import type { ReplicaServer } from './document-replica-records.js';

/** The kinds of drafts kept as documents. */
export type DraftDocumentKind = 'component' | 'stack';

/** A draft's shared document on the server: the whole saved document (drafts are small). */
export interface StoredDraftDocument {
  kind: DraftDocumentKind;
  /** The component's or stack's id. */
  draftId: string;
  document: Uint8Array;
  /** The heads of the document version the draft record holds (older than the document's own while a merge fails the checks). */
  heads: string[];
  /**
   * The draft record's revision the document matched when last written: a record saved since by a
   * client that does not speak documents is taken into the document before anything else.
   */
  recordRevision: number;
  /** Increases with every write: the compare-and-set token between server processes. */
  version: number;
  updatedAt: string;
}

/**
 * Draft documents on the shared server. Writes name the version they were based on and write nothing
 * when another process wrote first (the caller runs its unit again; CRDT changes commute).
 */
export interface DraftDocumentPort {
  load(kind: DraftDocumentKind, draftId: string): Promise<StoredDraftDocument | undefined>;
  /** Stores a draft's first document (with the record's tenant), unless it has one: true when this call stored it. */
  create(
    kind: DraftDocumentKind,
    draftId: string,
    tenant: string | null,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
  ): Promise<boolean>;
  /** Replaces the document; false, writing nothing, when the version moved on. */
  write(
    kind: DraftDocumentKind,
    draftId: string,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
    expectedVersion: number,
  ): Promise<boolean>;
}

/** One draft's replica on a desktop. */
export interface DraftReplicaRecord {
  server: ReplicaServer;
  kind: DraftDocumentKind;
  /** The component's or stack's name (what the API addresses drafts by). */
  name: string;
  document: Uint8Array;
  /** The heads the server last confirmed it has. */
  serverHeads: string[];
  /** Local edits the server has not taken yet. */
  waiting: boolean;
  /** The draft's revision: the server's last one, counted up by each local edit since. */
  revision: number;
  /** The server's last refusal, if sending stopped for it (sent again on `syncNow` or the next edit). */
  lastError: { code: string; message: string } | null;
  /** Why the server could not take the merged draft into its record (a merge that fails the draft's checks), if so. */
  problem: string | null;
  /** False while the draft was created on this desktop offline and the server does not have it yet. */
  onServer: boolean;
  /** For such a draft: the create call's input (without the content, which is the document's). */
  creation: Record<string, unknown> | null;
  /** The last detail shown of the draft (the server's, or the one made offline), for reading it offline. */
  detail: Record<string, unknown> | null;
  updatedAt: string;
}

/** A desktop's replicas of drafts (its local SQLite store only). */
export interface DraftReplicaPort {
  get(server: ReplicaServer, kind: DraftDocumentKind, name: string): Promise<DraftReplicaRecord | undefined>;
  /** Every replica kept for one server. */
  list(server: ReplicaServer): Promise<DraftReplicaRecord[]>;
  put(record: DraftReplicaRecord): Promise<void>;
  /** How many replicas hold edits the server has not taken yet, for every server. */
  countWaiting(): Promise<number>;
  /** Drops a replica (a draft created offline that the server refused to create); false when there was none. */
  remove(server: ReplicaServer, kind: DraftDocumentKind, name: string): Promise<boolean>;
}

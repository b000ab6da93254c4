/**
 * A sketch of what storing synchronised topology documents needs, for the store work that follows
 * (both stores, SQLite on a desktop replica and PostgreSQL on the server). Nothing implements it yet;
 * there is no migration. It is written against `TopologyReplica`'s byte API and leaves the CRDT
 * library out: the store keeps opaque bytes and heads.
 *
 * Shape: one snapshot per topology (the bytes of `TopologyReplica.save`) plus an append-only log
 * of change messages (`TopologyReplica.changesSince`), so a live edit appends a few hundred bytes
 * instead of rewriting the document (57 KB at 1,000 nodes), and a compaction folds the log into a new
 * snapshot now and then. Loading is the snapshot, then every logged message through
 * `TopologyReplica.receive` (which ignores repeats, so a log entry written twice is harmless).
 * Rows belong to a tenant like every other record, with the row-level-security policy on PostgreSQL.
 */
import type { DocumentHeads } from './topology-document.js';

/** One stored topology document: its latest snapshot and the log written after it. */
export interface StoredSyncDocument {
  topologyId: string;
  /** `TopologyReplica.save` at the last compaction. */
  snapshot: Uint8Array;
  /** Change messages appended since, oldest first. */
  changes: readonly Uint8Array[];
  /** The heads after the last appended message: what a peer compares with its own to know what it lacks. */
  heads: DocumentHeads;
  /** Increases with every append and compaction, for compare-and-set between processes. */
  version: number;
}

/**
 * The repository a sync service would use inside the store's unit of work. Every write is checked
 * against `expectedVersion` (a concurrent writer makes it fail with `revision_conflict`; the caller
 * reloads, receives both and retries: CRDT messages commute, so a retry never loses an edit).
 */
export interface SyncDocumentPort {
  /** The stored document of a topology, or undefined before its first save. */
  load(topologyId: string): Promise<StoredSyncDocument | undefined>;
  /** The first snapshot of a topology (made once, by `TopologyReplica.create`, that every replica starts from). */
  create(topologyId: string, snapshot: Uint8Array, heads: DocumentHeads): Promise<StoredSyncDocument>;
  /** Appends one change message (a local edit, or what a peer sent) and the heads after it. */
  append(topologyId: string, message: Uint8Array, heads: DocumentHeads, expectedVersion: number): Promise<StoredSyncDocument>;
  /** Replaces the snapshot and the log up to `expectedVersion` by `snapshot` (messages appended meanwhile stay). */
  compact(topologyId: string, snapshot: Uint8Array, heads: DocumentHeads, expectedVersion: number): Promise<void>;
  /**
   * The heads a peer (a desktop replica, identified by its actor id) last confirmed, so the server
   * sends it only `TopologyReplica.changesSince` them; undefined for a peer never seen.
   */
  peerHeads(topologyId: string, actor: string): Promise<DocumentHeads | undefined>;
  setPeerHeads(topologyId: string, actor: string, heads: DocumentHeads): Promise<void>;
  /** Removes a topology's document, log and peer heads with the topology. */
  remove(topologyId: string): Promise<void>;
}

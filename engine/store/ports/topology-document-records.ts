/**
 * The records of shared topology documents (`engine/sync/topology-document.ts`): the store keeps the
 * CRDT library out and holds opaque bytes and heads. One snapshot per topology (the bytes of
 * `TopologyReplica.save`) plus an append-only log of change messages, so a live edit appends a few
 * hundred bytes instead of rewriting the whole document (57 KB at 1,000 nodes); a compaction folds the
 * log into a new snapshot now and then. Loading is the snapshot, then every logged message through
 * `TopologyReplica.receive` (which ignores repeats).
 */
import { NimbusError } from '../../errors.js';

/** One stored topology document: its latest snapshot and the log written after it. */
export interface StoredTopologyDocument {
  topologyId: string;
  /** `TopologyReplica.save` at the creation or the last compaction. */
  snapshot: Uint8Array;
  /** Change messages appended since, oldest first. */
  changes: Uint8Array[];
  /** The heads after the last write: what a peer compares with its own to know what it lacks. */
  heads: string[];
  /** Increases with every append and compaction: the compare-and-set token between processes. */
  version: number;
  updatedAt: string;
}

/** Where a stored document stands, without its bytes: enough to tell whether a loaded copy is current. */
export interface TopologyDocumentHead {
  topologyId: string;
  heads: string[];
  version: number;
  /** Change messages in the log after the snapshot. */
  changeCount: number;
}

/**
 * Topology documents of the scope's tenant (a document belongs to its topology's tenant). Every write
 * names the version it was based on and writes nothing when the stored one moved on (a concurrent
 * writer in another process): the caller runs its unit again from a fresh load. CRDT messages commute,
 * so a retry never loses an edit.
 */
export interface TopologyDocumentPort {
  /** Where the stored document of a topology stands (no bytes read), or undefined before its first open. */
  head(topologyId: string): Promise<TopologyDocumentHead | undefined>;
  /** The stored document of a topology, or undefined before its first open. */
  load(topologyId: string): Promise<StoredTopologyDocument | undefined>;
  /**
   * Stores the first snapshot of a topology, unless it has one already (two first opens at once):
   * true when this call stored it. Load after either way: every replica must start from the stored bytes.
   */
  create(topologyId: string, snapshot: Uint8Array, heads: readonly string[]): Promise<boolean>;
  /** Appends one change message and the heads after it; false, writing nothing, when the version moved on. */
  append(topologyId: string, message: Uint8Array, heads: readonly string[], expectedVersion: number): Promise<boolean>;
  /** Replaces the snapshot and empties the log; false, writing nothing, when the version moved on. */
  compact(topologyId: string, snapshot: Uint8Array, heads: readonly string[], expectedVersion: number): Promise<boolean>;
  /** Removes a topology's document and log (with the topology); false when it had none. */
  remove(topologyId: string): Promise<boolean>;
}

/** A topology created under an id another topology has (a desktop's offline creation sent twice, or a clash). */
export class TopologyExistsError extends NimbusError {
  override name = 'TopologyExistsError';
  constructor(id: string) {
    super('topology_exists', `A topology with id ${id} exists already; it was created before (reload the topologies) or the id clashes`, {
      id,
    });
  }
}

/**
 * The desktop's replicas of shared topology documents (the local SQLite store only: a shared server
 * keeps the documents themselves). The store keeps opaque bytes and heads; the CRDT stays in
 * `engine/sync/`.
 */

/** Which server a replica belongs to: its normalised address and the tenant signed in to there. */
export interface ReplicaServer {
  url: string;
  tenant: string;
}

/** One topology's replica on this desktop. */
export interface DocumentReplicaRecord {
  server: ReplicaServer;
  topologyId: string;
  name: string;
  /**
   * The document's bytes: a whole `TopologyReplica.save()`, followed by the changes appended since
   * (`append`), which together load as one document.
   */
  document: Uint8Array;
  /** How many appended changes follow the last whole save in the store (filled in by the store when there are any), to know when to save whole again. */
  appendedChanges?: number;
  /** How many nodes the document holds, for listing topologies without reading every document. */
  nodeCount: number;
  /** The heads the server last confirmed it has: local changes after them are what it lacks. */
  serverHeads: string[];
  /** Local edits the server has not taken yet. */
  waiting: boolean;
  /** A rename the server has not taken yet. */
  nameWaiting: boolean;
  /** False while the topology was created on this desktop offline and the server does not have it yet. */
  onServer: boolean;
  /** The replica's revision: the server's last one, counted up by each local edit since. */
  revision: number;
  /** The last refusal of the server, if sending stopped for it (sent again on `syncNow`). */
  lastError: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A user whose edits the replicas hold, to name them in conflicts while offline. */
export interface ReplicaUser {
  userId: string;
  userName: string;
}

/** The desktop's store of document replicas. */
export interface DocumentReplicaPort {
  get(server: ReplicaServer, topologyId: string): Promise<DocumentReplicaRecord | undefined>;
  /** Every replica kept for one server, most recently changed first. */
  list(server: ReplicaServer): Promise<DocumentReplicaRecord[]>;
  /** Writes the replica (insert or replace), its document whole (the changes appended before are dropped). */
  put(record: DocumentReplicaRecord): Promise<void>;
  /**
   * Writes the replica's other fields and appends `changes` (the document's changes since what the
   * store holds; empty: none) after its document, without writing the document again: an edit
   * costs its own bytes. `record.document` is then what the store holds followed by `changes`. A
   * replica the store does not hold is written whole. One transaction: the fields and the changes
   * are kept together or not at all.
   *
   * `durable: false` is for what can be had again if lost (changes the server sent, what it
   * confirmed): the write is not flushed to the disk on its own, so a power cut (never a crash of the
   * app alone) may lose it, and it goes to the disk with the next durable write, in order.
   */
  append(record: DocumentReplicaRecord, changes: Uint8Array, options?: { durable?: boolean }): Promise<void>;
  /** Drops a replica; false when there was none. */
  remove(server: ReplicaServer, topologyId: string): Promise<boolean>;
  /** How many replicas hold edits (or a creation) the server has not taken yet, for every server. */
  countWaiting(): Promise<number>;
  /** Remembers a user's name (and, with `signedInAt`, that this desktop signs in as that user). */
  rememberUser(server: ReplicaServer, user: ReplicaUser, signedInAt?: string): Promise<void>;
  /** The names known for one server. */
  users(server: ReplicaServer): Promise<ReplicaUser[]>;
  /** The user this desktop last signed in to the server as, if known. */
  signedInUser(server: ReplicaServer): Promise<ReplicaUser | undefined>;
}

import type { StoredValue } from './value-encoding.js';

/**
 * The shape of a topology inside the CRDT document.
 *
 * Nodes, wires and frames are maps keyed by id (not lists), so adds and deletes on two replicas merge
 * by id. Each entry holds one scalar per field (see value-encoding.ts); a node's parameters are a map
 * with one scalar per parameter, so two people editing different parameters, or the label and the
 * position of one node, both keep their edit.
 *
 * `presence` makes deletion an edit that can conflict: deleting writes `false`, and every edit of an
 * entry (or of a wire into a node) writes a new number. A delete concurrent with an edit is then two
 * values of one field, surfaced as a conflict; until someone resolves it the entry stays (nothing is
 * lost). Deleted entries stay as tombstones, which the CRDT's history keeps anyway.
 *
 * `order` keeps the document's order of nodes, wires and frames across a round trip; it never
 * conflicts in a way people see.
 */
export interface EntryState {
  order: number;
  presence: number | false;
  [field: string]: StoredValue | Record<string, StoredValue> | undefined;
}

/** A node: `label`, `component`, `position`, optional `dependsOn`, and `params` (one key a parameter). */
export interface NodeState extends EntryState {
  params: Record<string, StoredValue>;
}

/** The whole document. `framesListed` tells an absent frame list from an empty one. */
export interface TopologyState {
  schemaVersion: number;
  nodes: Record<string, NodeState>;
  wires: Record<string, EntryState>;
  frames: Record<string, EntryState>;
  framesListed: boolean;
}

/** The three collections of a topology document, each keyed by id. */
export const COLLECTIONS = ['nodes', 'wires', 'frames'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** The scalar fields of each collection's entries (a node's parameters are under `params`). */
export const FIELDS: Record<Collection, readonly string[]> = {
  nodes: ['label', 'component', 'position', 'dependsOn'],
  wires: ['source', 'target'],
  frames: ['label', 'position', 'size'],
};

/** Fields that hold bookkeeping rather than what the person edited: never shown as conflicts. */
export const BOOKKEEPING = new Set(['order', 'presence']);

import type { Peer } from './presence-store';

/** What co-editing draws on one node: who else has it selected, and how many conflicts it holds. */
export interface NodeMarks {
  peers: readonly Peer[];
  conflicts: number;
}

/** Marks for the whole canvas, by node id (nodes not named have none). */
export interface CanvasMarks {
  peers: Readonly<Record<string, readonly Peer[]>>;
  conflicts: Readonly<Record<string, number>>;
}

export const EMPTY_NODE_MARKS: NodeMarks = { peers: [], conflicts: 0 };
export const EMPTY_CANVAS_MARKS: CanvasMarks = { peers: {}, conflicts: {} };

/** The marks of node `id`. */
export function marksOf(marks: CanvasMarks, id: string): NodeMarks {
  const peers = marks.peers[id] ?? [];
  const conflicts = marks.conflicts[id] ?? 0;
  return peers.length === 0 && conflicts === 0 ? EMPTY_NODE_MARKS : { peers, conflicts };
}

/** Whether two nodes' marks draw alike. */
export function sameMarks(a: NodeMarks, b: NodeMarks): boolean {
  return (
    a.conflicts === b.conflicts &&
    a.peers.length === b.peers.length &&
    a.peers.every((peer, index) => peer.userId === b.peers[index]?.userId && peer.name === b.peers[index]?.name)
  );
}

import type { TopologyDocument } from '../../../engine/api/contract';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A canonical string for a document: the canvas may list nodes in a different order after an undo, and
 * that alone must not count as an unsaved change.
 */
export function documentKey(document: TopologyDocument): string {
  return JSON.stringify({
    schemaVersion: document.schemaVersion,
    nodes: [...document.nodes].sort(byId).map((node) => [node.id, node.label, node.component, node.position.x, node.position.y]),
    wires: [...document.wires].sort(byId).map((wire) => [wire.id, wire.source.node, wire.source.port, wire.target.node, wire.target.port]),
  });
}

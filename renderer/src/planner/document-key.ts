import type { TopologyDocument } from '../../../engine/api/contract';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * A canonical string for a document: the canvas may list nodes in a different order after an undo, and
 * that alone must not count as an unsaved change. Parameters and dependencies count.
 */
export function documentKey(document: TopologyDocument): string {
  return JSON.stringify({
    schemaVersion: document.schemaVersion,
    nodes: [...document.nodes]
      .sort(byId)
      .map((node) => [
        node.id,
        node.label,
        node.component,
        node.position.x,
        node.position.y,
        canonical(node.params ?? {}),
        [...(node.dependsOn ?? [])].sort(),
      ]),
    wires: [...document.wires].sort(byId).map((wire) => [wire.id, wire.source.node, wire.source.port, wire.target.node, wire.target.port]),
  });
}

import type { TopologyDocument, TopologyNode, TopologyWire } from '../../../../engine/api/contract';
import type { TopologyFrame } from '../../../../engine/api/schemas/topology';

/** JSON with object keys sorted, so values that differ only in key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Of one value: the remote one where this side left it as it was, else this side's (it is not overwritten). */
function pick<T>(base: T, local: T, remote: T): T {
  return same(local, base) ? remote : local;
}

function mergeParams(base: TopologyNode['params'], local: TopologyNode['params'], remote: TopologyNode['params']): TopologyNode['params'] {
  const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(local ?? {}), ...Object.keys(remote ?? {})]);
  const merged: Record<string, unknown> = {};
  for (const key of keys) {
    const value = pick(base?.[key], local?.[key], remote?.[key]);
    if (value !== undefined) merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** A node both sides changed: field by field, and parameter by parameter. */
function mergeNode(base: TopologyNode, local: TopologyNode, remote: TopologyNode): TopologyNode {
  const params = mergeParams(base.params, local.params, remote.params);
  const dependsOn = pick(base.dependsOn, local.dependsOn, remote.dependsOn);
  return {
    id: local.id,
    label: pick(base.label, local.label, remote.label),
    component: pick(base.component, local.component, remote.component),
    position: pick(base.position, local.position, remote.position),
    ...(params ? { params } : {}),
    ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
  };
}

/**
 * Entries by id, three ways: what only the other side changed is taken, what only this side changed
 * is kept, and where both changed this side's edit stays (`both` may merge the two). The result lists
 * this side's entries in its order, then entries only the other side added.
 */
function mergeEntries<T extends { id: string }>(
  base: readonly T[],
  local: readonly T[],
  remote: readonly T[],
  both?: (base: T, local: T, remote: T) => T,
): T[] {
  const baseById = new Map(base.map((entry) => [entry.id, entry]));
  const localById = new Map(local.map((entry) => [entry.id, entry]));
  const remoteById = new Map(remote.map((entry) => [entry.id, entry]));
  const ids = [...new Set([...local.map((entry) => entry.id), ...remote.map((entry) => entry.id), ...base.map((entry) => entry.id)])];
  const merged: T[] = [];
  for (const id of ids) {
    const was = baseById.get(id);
    const mine = localById.get(id);
    const theirs = remoteById.get(id);
    let next: T | undefined;
    if (same(mine, was)) next = theirs;
    else if (same(theirs, was)) next = mine;
    else if (mine && theirs && was && both) next = both(was, mine, theirs);
    else next = mine;
    if (next) merged.push(next);
  }
  return merged;
}

/** Wires whose nodes are gone are dropped; of two wires into one input, this side's stays. */
function tidyWires(wires: TopologyWire[], nodes: readonly TopologyNode[], local: readonly TopologyWire[]): TopologyWire[] {
  const nodeIds = new Set(nodes.map((node) => node.id));
  const localIds = new Set(local.map((wire) => wire.id));
  const byInput = new Map<string, TopologyWire>();
  for (const wire of wires) {
    if (!nodeIds.has(wire.source.node) || !nodeIds.has(wire.target.node)) continue;
    const input = `${wire.target.node}\u0000${wire.target.port}`;
    const held = byInput.get(input);
    if (held && (localIds.has(held.id) || !localIds.has(wire.id))) continue;
    byInput.set(input, wire);
  }
  const kept = new Set([...byInput.values()].map((wire) => wire.id));
  return wires.filter((wire) => kept.has(wire.id));
}

/**
 * What the canvas shows when another user's change arrives while this user has unsaved edits: the
 * other user's document (`remote`) with this user's edits since `base` (the document last read or
 * saved) laid over it. Only what the user changed is kept, so everything else follows the other user;
 * where both changed one field the user's value stays on the canvas until they save, and the shared
 * document's merge decides (and shows a conflict). Without local edits the result is `remote`.
 */
export function mergeRemote(base: TopologyDocument, local: TopologyDocument, remote: TopologyDocument): TopologyDocument {
  const nodes = mergeEntries(base.nodes, local.nodes, remote.nodes, mergeNode);
  const wires = tidyWires(mergeEntries(base.wires, local.wires, remote.wires), nodes, local.wires);
  const frames = mergeEntries<TopologyFrame>(base.frames ?? [], local.frames ?? [], remote.frames ?? []);
  return {
    schemaVersion: remote.schemaVersion,
    nodes,
    wires,
    ...(frames.length > 0 ? { frames } : {}),
  };
}

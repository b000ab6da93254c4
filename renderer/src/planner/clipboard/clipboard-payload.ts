import type { TopologyNode, TopologyWire } from '../../../../engine/api/contract';
import { nextNodeLabel } from '../node-labels';

/** What Copy puts on the clipboard: the copied nodes and the wires between them, as document data. */
export interface NodesPayload {
  kind: 'nimbus-nodes';
  nodes: TopologyNode[];
  wires: TopologyWire[];
}

/** How far each paste lands from what it copies, so the copy never hides the original. */
export const PASTE_OFFSET = 40;

/**
 * The payload for the nodes `ids` of a document: wires only where both ends are copied, and
 * `dependsOn` only on copied nodes, so a paste never points into the canvas it came from.
 */
export function buildNodesPayload(
  document: { nodes: readonly TopologyNode[]; wires: readonly TopologyWire[] },
  ids: Iterable<string>,
): NodesPayload {
  const picked = new Set(ids);
  const nodes = document.nodes
    .filter((node) => picked.has(node.id))
    .map((node) => {
      const { dependsOn, ...rest } = node;
      const kept = dependsOn?.filter((id) => picked.has(id));
      return kept && kept.length > 0 ? { ...rest, dependsOn: kept } : rest;
    });
  const wires = document.wires.filter((wire) => picked.has(wire.source.node) && picked.has(wire.target.node));
  return { kind: 'nimbus-nodes', nodes, wires };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The payload in clipboard text, or `null` for anything else (text copied from elsewhere). */
export function parseNodesPayload(text: string): NodesPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || value['kind'] !== 'nimbus-nodes' || !Array.isArray(value['nodes']) || !Array.isArray(value['wires'])) return null;
  const nodes = value['nodes'].filter(
    (node): node is TopologyNode =>
      isObject(node) &&
      typeof node['id'] === 'string' &&
      typeof node['label'] === 'string' &&
      typeof node['component'] === 'string' &&
      isObject(node['position']),
  );
  const wires = value['wires'].filter(
    (wire): wire is TopologyWire =>
      isObject(wire) && typeof wire['id'] === 'string' && isObject(wire['source']) && isObject(wire['target']),
  );
  return { kind: 'nimbus-nodes', nodes, wires };
}

/** `vm-2` → `vm`; a label without a number is its own base. */
export const labelBaseOf = (label: string): string => /^(.*)-\d+$/.exec(label)?.[1] ?? label;

/**
 * The nodes and wires to add for a paste: fresh ids (from `newId`), labels made unique against
 * `existingLabels` the way new nodes are numbered, positions shifted by `offset`, params kept and
 * every wire and dependency remapped to the new ids. Wires whose ends are missing are dropped.
 */
export function remapNodesPayload(
  payload: NodesPayload,
  options: { existingLabels: Iterable<string>; newId: () => string; offset: { x: number; y: number } },
): { nodes: TopologyNode[]; wires: TopologyWire[] } {
  const labels = [...options.existingLabels];
  const ids = new Map<string, string>();
  for (const node of payload.nodes) ids.set(node.id, options.newId());
  const nodes = payload.nodes.map((node) => {
    const label = labels.includes(node.label) ? nextNodeLabel(labels, labelBaseOf(node.label)) : node.label;
    labels.push(label);
    const dependsOn = node.dependsOn?.flatMap((id) => ids.get(id) ?? []);
    const { dependsOn: _dropped, ...rest } = node;
    return {
      ...rest,
      id: ids.get(node.id) ?? options.newId(),
      label,
      position: { x: node.position.x + options.offset.x, y: node.position.y + options.offset.y },
      ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
    };
  });
  const wires = payload.wires.flatMap((wire) => {
    const source = ids.get(wire.source.node);
    const target = ids.get(wire.target.node);
    if (!source || !target) return [];
    return [{ id: options.newId(), source: { node: source, port: wire.source.port }, target: { node: target, port: wire.target.port } }];
  });
  return { nodes, wires };
}

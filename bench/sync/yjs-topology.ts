import * as Y from 'yjs';
import { TopologyDocumentSchema, type TopologyDocument, type TopologyNode, type TopologyWire } from '../../engine/api/schemas/topology.js';
import type { TopologyEdit } from './sync-scenario.js';

/**
 * The Yjs form of a topology for the comparison, with the granularity of the Automerge adapter:
 * root maps `nodes` and `wires` of one Y.Map per entry, one key per field (position and wire ends as
 * whole JSON values), and a node's parameters as a Y.Map of one key per parameter.
 */
function nodeMap(node: TopologyNode): Y.Map<unknown> {
  const params = new Y.Map<unknown>(Object.entries(node.params ?? {}));
  const entries: [string, unknown][] = [
    ['label', node.label],
    ['component', node.component],
    ['position', node.position],
    ['params', params],
  ];
  if (node.dependsOn) entries.push(['dependsOn', node.dependsOn]);
  return new Y.Map<unknown>(entries);
}

function wireMap(wire: TopologyWire): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['source', wire.source],
    ['target', wire.target],
  ]);
}

/** A new Yjs document holding `topology`. */
export function createYjsTopology(topology: TopologyDocument): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    const wires = doc.getMap<Y.Map<unknown>>('wires');
    for (const node of topology.nodes) nodes.set(node.id, nodeMap(node));
    for (const wire of topology.wires) wires.set(wire.id, wireMap(wire));
  });
  return doc;
}

/** Applies one planner edit as one Yjs transaction (a delete takes the node's wires along, as the planner does). */
export function applyYjsEdit(doc: Y.Doc, edit: TopologyEdit): void {
  const nodes = doc.getMap<Y.Map<unknown>>('nodes');
  const wires = doc.getMap<Y.Map<unknown>>('wires');
  doc.transact(() => {
    switch (edit.kind) {
      case 'move':
        nodes.get(edit.node)?.set('position', edit.position);
        return;
      case 'label':
        nodes.get(edit.node)?.set('label', edit.label);
        return;
      case 'param':
        (nodes.get(edit.node)?.get('params') as Y.Map<unknown> | undefined)?.set(edit.key, edit.value);
        return;
      case 'add':
        nodes.set(edit.node.id, nodeMap(edit.node));
        wires.set(edit.wire.id, wireMap(edit.wire));
        return;
      case 'delete':
        nodes.delete(edit.node);
        for (const [id, wire] of wires) {
          const source = wire.get('source') as { node: string };
          const target = wire.get('target') as { node: string };
          if (source.node === edit.node || target.node === edit.node) wires.delete(id);
        }
        return;
      case 'rewire':
        wires.get(edit.wire)?.set('source', edit.source);
        return;
    }
  });
}

/** The topology a Yjs document holds, validated by the same schema the adapter uses (wires to missing nodes left out). */
export function readYjsTopology(doc: Y.Doc): TopologyDocument {
  const nodes = doc.getMap<Y.Map<unknown>>('nodes').toJSON() as Record<string, Omit<TopologyNode, 'id'>>;
  const wires = doc.getMap<Y.Map<unknown>>('wires').toJSON() as Record<string, Omit<TopologyWire, 'id'>>;
  const ids = Object.keys(nodes).sort();
  const present = new Set(ids);
  return TopologyDocumentSchema.parse({
    schemaVersion: 1,
    nodes: ids.map((id) => {
      const { params, ...rest } = nodes[id]!;
      return { id, ...rest, ...(params && Object.keys(params).length > 0 ? { params } : {}) };
    }),
    wires: Object.keys(wires)
      .sort()
      .map((id) => ({ id, ...wires[id]! }))
      .filter((wire) => present.has(wire.source.node) && present.has(wire.target.node)),
  });
}

import type { ELK } from 'elkjs/lib/elk-api.js';
import type { TopologyDocument } from '../../../../engine/api/schemas/topology';

/** The room between two nodes in one column (and between unconnected groups): a readable gap. */
export const ARRANGE_NODE_GAP = 48;
/** The room between two columns (dependency layers): wide enough for the wires to curve readably. */
export const ARRANGE_LAYER_GAP = 140;

/** The size of each node's box, from the model (see node-geometry). */
export type NodeSize = (nodeId: string) => { width: number; height: number };

let elk: Promise<ELK> | null = null;

/**
 * ELK on first use: its bundle is about 1.5 MB of script, which every start of the app would
 * otherwise load and compile before the first topology could open.
 */
function layoutEngine(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(
    ({ default: Elk }) => new Elk(),
    (error: unknown) => {
      elk = null;
      throw error;
    },
  );
  return elk;
}

/**
 * Positions for every node, left to right by dependency (ELK's layered algorithm): wires and
 * `dependsOn` point from a node to what it feeds, so each wave of the deployment plan lands in a column
 * to the right of the one before. Nodes keep their relative order inside a column where ELK allows,
 * and the result is shifted so the top-left node stays where the picture started.
 */
export async function autoArrange(document: TopologyDocument, size: NodeSize): Promise<Map<string, { x: number; y: number }>> {
  if (document.nodes.length === 0) return new Map();
  const ids = new Set(document.nodes.map((node) => node.id));
  const edges = [
    ...document.wires.map((wire) => ({ id: `w:${wire.id}`, sources: [wire.source.node], targets: [wire.target.node] })),
    ...document.nodes.flatMap((node) =>
      (node.dependsOn ?? [])
        .filter((from) => ids.has(from))
        .map((from) => ({ id: `d:${from}>${node.id}`, sources: [from], targets: [node.id] })),
    ),
  ];
  const graph = await (
    await layoutEngine()
  ).layout({
    id: 'topology',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(ARRANGE_NODE_GAP),
      'elk.spacing.componentComponent': String(ARRANGE_NODE_GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(ARRANGE_LAYER_GAP),
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
    },
    children: [...document.nodes]
      .sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x)
      .map((node) => ({ id: node.id, ...size(node.id) })),
    edges,
  });
  const left = Math.min(...document.nodes.map((node) => node.position.x));
  const top = Math.min(...document.nodes.map((node) => node.position.y));
  const children = graph.children ?? [];
  // ELK pads the graph; measure from its first column and row instead.
  const originX = Math.min(...children.map((child) => child.x ?? 0));
  const originY = Math.min(...children.map((child) => child.y ?? 0));
  return new Map(
    children.map((child) => [child.id, { x: Math.round(left + (child.x ?? 0) - originX), y: Math.round(top + (child.y ?? 0) - originY) }]),
  );
}

import { TopologyDocumentSchema, type TopologyDocument, type TopologyNode, type TopologyWire } from '../../engine/api/schemas/topology.js';
import { BENCH_NETWORK, BENCH_VM } from './bench-components.js';

/** Parameters of a generated layered DAG. */
export interface TopologyShape {
  nodes: number;
  /** Total wires as a multiple of the node count; 1.5 gives ~1,500 wires for 1,000 nodes. */
  wiresPerNode?: number;
  /** Layer 0 holds the networks, layers 1.. the VMs; the plan has this many groups. */
  layers?: number;
  seed?: number;
}

/** Small deterministic PRNG (mulberry32), so every run plans the same document. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A layered DAG: 5% networks in layer 0, VMs spread over the other layers. Every VM is wired to a
 * network; enough VMs in layer 2+ get an `upstream` wire from a VM one layer up to reach the wire
 * target. Every seventh VM sets `cores` by hand. The result is checked against the document schema
 * (unique ids, one wire per input), so the benchmark plans something the API would accept.
 */
export function generateLayeredTopology(shape: TopologyShape): TopologyDocument {
  const layers = shape.layers ?? 10;
  const next = random(shape.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const networkCount = Math.max(1, Math.round(shape.nodes * 0.05));
  const vmCount = shape.nodes - networkCount;

  const nodes: TopologyNode[] = [];
  const byLayer: string[][] = Array.from({ length: layers }, () => []);
  for (let i = 0; i < networkCount; i += 1) {
    nodes.push({ id: `net-${i}`, label: `network ${i}`, component: BENCH_NETWORK.ref, position: { x: 0, y: i * 120 } });
    byLayer[0]!.push(`net-${i}`);
  }
  for (let i = 0; i < vmCount; i += 1) {
    const layer = 1 + Math.floor((i * (layers - 1)) / vmCount);
    const slot = byLayer[layer]!.length;
    nodes.push({
      id: `vm-${i}`,
      label: `vm ${i}`,
      component: BENCH_VM.ref,
      position: { x: layer * 320, y: slot * 120 },
      ...(i % 7 === 0 ? { params: { cores: 4 } } : {}),
    });
    byLayer[layer]!.push(`vm-${i}`);
  }

  const wires: TopologyWire[] = [];
  const wire = (source: string, port: string, target: string, input: string) =>
    wires.push({ id: `w-${wires.length}`, source: { node: source, port }, target: { node: target, port: input } });
  for (let layer = 1; layer < layers; layer += 1) {
    for (const vm of byLayer[layer]!) wire(pick(byLayer[0]!), 'network_id', vm, 'network_id');
  }
  // Upstream wires go to a deterministic sample of the VMs that have a VM layer above them.
  const candidates = byLayer.slice(2).flatMap((ids, offset) => ids.map((id) => ({ id, layer: offset + 2 })));
  const wanted = Math.min(candidates.length, Math.max(0, Math.round(shape.nodes * (shape.wiresPerNode ?? 1.5)) - wires.length));
  for (let i = candidates.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  for (const { id, layer } of candidates.slice(0, wanted)) wire(pick(byLayer[layer - 1]!), 'address', id, 'upstream');

  return TopologyDocumentSchema.parse({ schemaVersion: 1, nodes, wires });
}

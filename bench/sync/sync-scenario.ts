import type { TopologyDocument, TopologyNode, TopologyWire } from '../../engine/api/schemas/topology.js';
import { generateLayeredTopology } from '../plan/generate-topology.js';

/** Offline edits each replica makes before they merge. */
export const EDITS_PER_REPLICA = 100;
export const REPLICAS = 3;

/** One edit as the planner makes it: library-agnostic, applied to a topology document or to a CRDT. */
export type TopologyEdit =
  | { kind: 'move'; node: string; position: { x: number; y: number } }
  | { kind: 'label'; node: string; label: string }
  | { kind: 'param'; node: string; key: string; value: unknown }
  | { kind: 'add'; node: TopologyNode; wire: TopologyWire }
  | { kind: 'delete'; node: string }
  | { kind: 'rewire'; wire: string; source: { node: string; port: string } };

/** Small deterministic PRNG (mulberry32), so every run edits the same way. */
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

const SIZES = ['small', 'medium', 'large', 'xlarge'];
const ZONES = ['dc1-a', 'dc1-b', 'dc2-a'];

/**
 * The layered topology of the plan benchmark with what planners set by hand on real nodes: cores,
 * memory, disk, a size class, tags, a description, and a zone on the networks.
 */
export function syncTopology(nodes: number): TopologyDocument {
  const doc = generateLayeredTopology({ nodes, seed: 7 });
  const next = random(11);
  doc.nodes = doc.nodes.map((node, index) =>
    node.id.startsWith('net-')
      ? { ...node, params: { zone: ZONES[index % ZONES.length], vlan: 100 + index, description: `Network ${index} for tier ${index % 4}` } }
      : {
          ...node,
          params: {
            cores: 1 + Math.floor(next() * 16),
            memory_mb: 1024 * (1 + Math.floor(next() * 32)),
            disk_gb: 20 + Math.floor(next() * 500),
            size: SIZES[index % SIZES.length],
            tags: ['team-' + (index % 9), index % 2 === 0 ? 'linux' : 'windows'],
            description: `Application server ${index}, owned by team ${index % 9}`,
          },
        },
  );
  return doc;
}

/**
 * The concurrent edits of every run: replicas 0 and 1 set one label and one parameter, replica 1
 * moves a node that replica 2 deletes. Each must come out as a conflict, not as a silent choice.
 */
export const SAME_FIELD_EDITS = { labelOf: 'vm-5', paramOf: 'vm-12', param: 'cores', deletedAndMoved: 'vm-20' } as const;

/**
 * The offline edits of replica `replica` (0-based): 35% moves, 25% parameter edits, 10% label edits,
 * 10% adds (a new VM wired to a network), 10% deletes, 10% re-wires; replicas 0 and 1 also both set
 * the label of one node and one parameter of another.
 */
export function replicaEdits(base: TopologyDocument, replica: number): TopologyEdit[] {
  const next = random(1000 + replica);
  // Random edits stay on this replica's third of the VMs; the planned concurrent edits are the overlap.
  const planned = new Set<string>([SAME_FIELD_EDITS.labelOf, SAME_FIELD_EDITS.paramOf, SAME_FIELD_EDITS.deletedAndMoved]);
  const vms = base.nodes.filter((node, index) => node.id.startsWith('vm-') && !planned.has(node.id) && index % REPLICAS === replica);
  const networks = base.nodes.filter((node) => node.id.startsWith('net-')).map((node) => node.id);
  const deleted = new Set<string>();
  const pickVm = () => {
    for (;;) {
      const node = vms[Math.floor(next() * vms.length)]!.id;
      if (!deleted.has(node)) return node;
    }
  };
  const edits: TopologyEdit[] = [];
  if (replica < 2) {
    edits.push({ kind: 'label', node: SAME_FIELD_EDITS.labelOf, label: `web front ${replica === 0 ? 'A' : 'B'}` });
    edits.push({ kind: 'param', node: SAME_FIELD_EDITS.paramOf, key: SAME_FIELD_EDITS.param, value: replica === 0 ? 48 : 56 });
  }
  if (replica === 1) edits.push({ kind: 'move', node: SAME_FIELD_EDITS.deletedAndMoved, position: { x: 4321, y: 1234 } });
  if (replica === 2) edits.push({ kind: 'delete', node: SAME_FIELD_EDITS.deletedAndMoved });
  let added = 0;
  while (edits.length < EDITS_PER_REPLICA) {
    const roll = next();
    if (roll < 0.35)
      edits.push({ kind: 'move', node: pickVm(), position: { x: Math.round(next() * 4000), y: Math.round(next() * 30000) } });
    else if (roll < 0.6)
      edits.push({ kind: 'param', node: pickVm(), key: next() < 0.5 ? 'cores' : 'memory_mb', value: 1 + Math.floor(next() * 64) });
    else if (roll < 0.7) edits.push({ kind: 'label', node: pickVm(), label: `renamed by ${replica} #${edits.length}` });
    else if (roll < 0.8) {
      const id = `r${replica}-vm-${added++}`;
      edits.push({
        kind: 'add',
        node: {
          id,
          label: `new vm ${id}`,
          component: 'bench-vm@1',
          position: { x: 5000 + replica * 400, y: added * 120 },
          params: { cores: 2, size: 'small' },
        },
        wire: {
          id: `w-${id}`,
          source: { node: networks[Math.floor(next() * networks.length)]!, port: 'network_id' },
          target: { node: id, port: 'network_id' },
        },
      });
    } else if (roll < 0.9) {
      const node = pickVm();
      deleted.add(node);
      edits.push({ kind: 'delete', node });
    } else {
      const mine = new Set(vms.map((vm) => vm.id));
      const wires = base.wires.filter((candidate) => candidate.source.port === 'network_id' && mine.has(candidate.target.node));
      const wire = wires[Math.floor(next() * wires.length)];
      if (wire && !deleted.has(wire.target.node)) {
        edits.push({
          kind: 'rewire',
          wire: wire.id,
          source: { node: networks[Math.floor(next() * networks.length)]!, port: 'network_id' },
        });
      }
    }
  }
  return edits;
}

/** Applies one edit to a topology document in place, as the planner would (a delete takes the node's wires along). */
export function applyEdit(doc: TopologyDocument, edit: TopologyEdit): void {
  const node = (id: string) => doc.nodes.find((candidate) => candidate.id === id);
  switch (edit.kind) {
    case 'move':
      if (node(edit.node)) node(edit.node)!.position = edit.position;
      return;
    case 'label':
      if (node(edit.node)) node(edit.node)!.label = edit.label;
      return;
    case 'param': {
      const target = node(edit.node);
      if (target) target.params = { ...target.params, [edit.key]: edit.value };
      return;
    }
    case 'add':
      doc.nodes.push(structuredClone(edit.node));
      doc.wires.push(structuredClone(edit.wire));
      return;
    case 'delete':
      doc.nodes = doc.nodes.filter((candidate) => candidate.id !== edit.node);
      doc.wires = doc.wires.filter((wire) => wire.source.node !== edit.node && wire.target.node !== edit.node);
      for (const other of doc.nodes) if (other.dependsOn) other.dependsOn = other.dependsOn.filter((id) => id !== edit.node);
      return;
    case 'rewire': {
      const wire = doc.wires.find((candidate) => candidate.id === edit.wire);
      if (wire) wire.source = edit.source;
      return;
    }
  }
}

/**
 * A fingerprint-ready form of a merged topology: sorted by id, the fields both replicas set
 * concurrently left out (which value each library shows first differs, by design; the node deleted
 * on one replica and moved on another is kept by one library and gone in the other), so the two
 * libraries' merges can be checked to agree on everything else.
 */
export function comparable(doc: TopologyDocument): unknown {
  return sortKeys(comparableLists(doc));
}

/** Object keys sorted at every depth: the libraries hand back parameters in different key orders. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

function comparableLists(doc: TopologyDocument): unknown {
  const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    nodes: byId(doc.nodes.filter((node) => node.id !== SAME_FIELD_EDITS.deletedAndMoved)).map((node) => {
      const copy = structuredClone(node);
      if (copy.id === SAME_FIELD_EDITS.labelOf) copy.label = '(conflict)';
      if (copy.id === SAME_FIELD_EDITS.paramOf && copy.params) copy.params[SAME_FIELD_EDITS.param] = '(conflict)';
      return copy;
    }),
    wires: byId(
      doc.wires.filter(
        (wire) => wire.source.node !== SAME_FIELD_EDITS.deletedAndMoved && wire.target.node !== SAME_FIELD_EDITS.deletedAndMoved,
      ),
    ),
  };
}

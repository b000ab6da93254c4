import { TopologyDocumentSchema, type TopologyDocument, type TopologyNode, type TopologyWire } from '../../engine/api/schemas/topology.js';

/**
 * One cluster of the generated topology: a network, the VMs on it, two DNS records per VM (the default
 * zone and `lab.internal`) and a disk. 6 VM wires + 24 DNS wires over 20 nodes: 1.5 wires per node.
 */
const VMS_PER_CLUSTER = 6;
const DNS_PER_VM = 2;
const CLUSTER_NODES = 1 + VMS_PER_CLUSTER * (1 + DNS_PER_VM) + 1;
const CLUSTER_ROWS = VMS_PER_CLUSTER;
/** Network and disk, VMs, and one column per DNS zone. */
const CLUSTER_COLUMNS = 2 + DNS_PER_VM;
/** A grid cell: room for the tallest node the canvas draws (local-vm, about 240 × 300) and a gap. */
const CELL = { width: 320, height: 360 };

/**
 * A topology the planner can open as a user would see it: only published built-in components
 * (`local-network@1`, `local-vm@1`, `local-dns@1`, `local-storage@1`) and wires between ports their
 * contracts declare (network_id → network_id, VM name → DNS hostname, VM ip_address → DNS ip_address),
 * so every node gets its typed sockets and no wire is drawn as refused. Clusters of 20 nodes (see
 * above) sit on a grid, each cluster a block of 4 × 6 cells, blocks in rows so the whole is roughly
 * square; a size that is not a multiple of 20 truncates the last cluster and drops its dangling wires.
 * bench/plan's layered generator does not fit: its bench-only components are not in the catalog, so
 * the canvas would draw them as untyped nodes.
 */
export function generatePlannerTopology(nodeCount: number): TopologyDocument {
  const clusters = Math.ceil(nodeCount / CLUSTER_NODES);
  const blockWidth = CLUSTER_COLUMNS * CELL.width;
  const blockHeight = CLUSTER_ROWS * CELL.height;
  const blocksPerRow = Math.max(1, Math.round(Math.sqrt((clusters * blockHeight) / blockWidth)));

  const nodes: TopologyNode[] = [];
  const wires: TopologyWire[] = [];
  for (let c = 0; c < clusters; c += 1) {
    const origin = { x: (c % blocksPerRow) * blockWidth, y: Math.floor(c / blocksPerRow) * blockHeight };
    const at = (column: number, row: number) => ({ x: origin.x + column * CELL.width, y: origin.y + row * CELL.height });
    const network = `net-${c}`;
    nodes.push({ id: network, label: `network ${c}`, component: 'local-network@1', position: at(0, 0) });
    for (let v = 0; v < VMS_PER_CLUSTER; v += 1) {
      const vm = `vm-${c}-${v}`;
      nodes.push({
        id: vm,
        label: `vm ${c}.${v}`,
        component: 'local-vm@1',
        position: at(1, v),
        ...(v === 0 ? { params: { cores: 2 } } : {}),
      });
      wires.push(wire(network, 'network_id', vm, 'network_id'));
      for (let d = 0; d < DNS_PER_VM; d += 1) {
        const dns = `dns-${c}-${v}-${d}`;
        nodes.push({
          id: dns,
          label: `dns ${c}.${v}.${d}`,
          component: 'local-dns@1',
          position: at(2 + d, v),
          ...(d === 1 ? { params: { zone: 'lab.internal' } } : {}),
        });
        wires.push(wire(vm, 'name', dns, 'hostname'), wire(vm, 'ip_address', dns, 'ip_address'));
      }
    }
    nodes.push({ id: `disk-${c}`, label: `disk ${c}`, component: 'local-storage@1', position: at(0, 1) });
  }

  const kept = nodes.slice(0, nodeCount);
  const ids = new Set(kept.map((node) => node.id));
  const keptWires = wires.filter((w) => ids.has(w.source.node) && ids.has(w.target.node)).map((w, index) => ({ ...w, id: `w-${index}` }));
  return TopologyDocumentSchema.parse({ schemaVersion: 1, nodes: kept, wires: keptWires });
}

function wire(source: string, output: string, target: string, input: string): TopologyWire {
  return { id: 'w', source: { node: source, port: output }, target: { node: target, port: input } };
}

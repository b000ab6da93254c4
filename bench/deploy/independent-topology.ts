import type { TopologyDocument } from '../../engine/api/schemas/topology.js';
import { node } from '../../engine/deploy/deploy-test-support.js';

/** Size of each disk: a sparse file, so its size costs the deploy nothing. */
export const DISK_SIZE_MB = 4;

/**
 * `count` local components with no wires and no dependsOn, so the plan is one group and nothing
 * orders them: disks (`local-storage@1`, a sparse image file) alternating with networks
 * (`local-network@1`, a directory with network.json and a /24 from IPAM). Both are real objects the
 * local provider creates on this machine; neither starts a process.
 */
export function independentTopology(count: number): TopologyDocument {
  return {
    schemaVersion: 1,
    nodes: Array.from({ length: count }, (_, i) =>
      i % 2 === 0 ? node(`disk-${i / 2 + 1}`, 'local-storage@1', { size_mb: DISK_SIZE_MB }) : node(`net-${(i + 1) / 2}`, 'local-network@1'),
    ),
    wires: [],
  };
}

import type { TopologyDocument } from '../../../../engine/api/schemas/topology';
import type { NodeContract } from '../contracts/node-contract';
import type { PlannerOverlay } from '../overlay/node-overlay';
import { INPUT_PORT, OUTPUT_PORT } from '../planner-node';
import type { SvgNodeInfo } from './topology-svg';

/**
 * What the picture of the canvas needs of each node, worked out the way the canvas builds its nodes
 * (`PlannerNode`): one input per contract input and one output per contract output, or the generic
 * `in`/`out` without a known contract, plus any port a wire names that the contract lacks; one row per
 * port pair. Subtitle `component · provider`, and the status badge of the plan overlay when there is one.
 */
export function svgNodeInfo(
  document: TopologyDocument,
  contractOf: (ref: string) => NodeContract | null | undefined,
  overlay: PlannerOverlay,
): (nodeId: string) => SvgNodeInfo {
  const infos = new Map<string, SvgNodeInfo>();
  for (const node of document.nodes) {
    const contract = contractOf(node.component) ?? null;
    const inputs = new Set(contract ? contract.inputs.map((port) => port.key) : [INPUT_PORT]);
    const outputs = new Set(contract ? contract.outputs.map((port) => port.key) : [OUTPUT_PORT]);
    for (const wire of document.wires) {
      if (wire.target.node === node.id) inputs.add(wire.target.port);
      if (wire.source.node === node.id) outputs.add(wire.source.port);
    }
    const status = overlay.nodes[node.id]?.status ?? undefined;
    infos.set(node.id, {
      portRows: Math.max(inputs.size, outputs.size),
      subtitle: contract ? `${node.component} · ${contract.provider}` : node.component,
      ...(status ? { status } : {}),
    });
  }
  return (nodeId) => infos.get(nodeId) ?? { portRows: 1 };
}

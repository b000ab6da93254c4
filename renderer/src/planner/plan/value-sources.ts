import type { NodeResolution, ValueSource } from '../../api/entities';
import type { TagTone } from '../../ui/Tag';

/** Colour and explanation of each place a resolved value can come from. */
export const VALUE_SOURCES: Record<ValueSource, { tone: TagTone; description: string }> = {
  default: { tone: 'neutral', description: "The component's default" },
  user: { tone: 'accent', description: 'Set on the node' },
  wire: { tone: 'violet', description: "An upstream node's output, through a wire" },
  resolver: { tone: 'teal', description: "Chosen by a resolver (IPAM, naming, images, secrets) from the environment's settings" },
  constraint: { tone: 'warning', description: "Fixed by the tenant's governance policy" },
  'drift-accepted': {
    tone: 'warning',
    description:
      'Found on the real object and accepted from a drift record; later deploys keep it until the topology asks for another value',
  },
};

/** The nodes in deployment order — wave by wave, as the groups list them — then any the groups missed. */
export function nodesInWaveOrder(groups: readonly (readonly string[])[], nodes: readonly NodeResolution[]): NodeResolution[] {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const ordered = groups.flatMap((group) => group.flatMap((id) => byId.get(id) ?? []));
  const seen = new Set(ordered);
  return [...ordered, ...nodes.filter((node) => !seen.has(node))];
}

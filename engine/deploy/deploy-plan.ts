import type { TopologyDocument } from '../api/schemas/topology.js';
import { planGroups, type Dependency } from '../planning/plan-groups.js';
import { topologyDependencies, type LateInputs, type TopologyResolution } from '../planning/resolve-topology.js';
import type { ResolvedValue } from '../planning/resolved-value.js';

/** An input of a node fed from an upstream node's output when the node is about to deploy. */
export interface PlannedWire {
  input: string;
  from: { node: string; output: string };
}

/** One node of a deploy plan: what runs, after what, with which inputs. */
export interface PlannedNode {
  nodeId: string;
  label: string;
  component: string;
  /** The nodes that must have deployed before this one starts (wires and `dependsOn`), without repeats. */
  dependsOn: string[];
  /** Nodes named in the document's `dependsOn` (recorded as CMDB relationships). */
  declaredDependsOn: string[];
  /** The parallel group the node falls in (0-based): its depth in the dependency graph, for display. */
  group: number;
  /** Inputs known now, as resolved. */
  values: Record<string, ResolvedValue>;
  /** Inputs taken from upstream outputs. */
  wires: PlannedWire[];
  /** Inputs a stack computes from upstream outputs, with where each comes from. */
  late: Record<string, string>;
}

/** A deploy as data, before anything runs: the nodes in start order, and the dependencies between them. */
export interface DeployPlan {
  /** In start order: by group, then by document order, the order ready nodes start in. */
  nodes: PlannedNode[];
  dependencies: Dependency[];
}

/**
 * The plan of a topology deploy (Pulumi's step generator): which nodes run, which must finish before
 * each, and which inputs each takes from upstream outputs. Pure data the UI can show; the executor
 * (`executeNodes`) runs it, starting each node as soon as its own dependencies deployed.
 */
export function planDeploy(document: TopologyDocument, resolution: TopologyResolution, late?: LateInputs): DeployPlan {
  const dependencies = topologyDependencies(document);
  const documentNodes = new Map(document.nodes.map((node) => [node.id, node]));
  const resolved = new Map(resolution.nodes.map((node) => [node.nodeId, node]));
  const nodes: PlannedNode[] = [];
  resolution.groups.forEach((group, index) => {
    for (const nodeId of group) {
      const node = documentNodes.get(nodeId)!;
      nodes.push({
        nodeId,
        label: resolved.get(nodeId)?.label ?? node.label,
        component: node.component,
        dependsOn: [...new Set(dependencies.filter((d) => d.to === nodeId).map((d) => d.from))],
        declaredDependsOn: node.dependsOn ?? [],
        group: index,
        values: resolved.get(nodeId)?.values ?? {},
        wires: document.wires
          .filter((wire) => wire.target.node === nodeId)
          .map((wire) => ({ input: wire.target.port, from: { node: wire.source.node, output: wire.source.port } })),
        late: late?.of(nodeId) ?? {},
      });
    }
  });
  return { nodes, dependencies };
}

/**
 * The order deployments are destroyed in: a node goes once every node that depends on it (by the
 * document it was deployed from) is gone, so each node "depends on" its dependents. Nodes keep the
 * order of the reversed plan groups.
 */
export function planDestroy(
  nodeIds: readonly string[],
  document: TopologyDocument | undefined,
): { nodes: { id: string; dependsOn: string[] }[]; dependencies: Dependency[] } {
  const known = new Set(nodeIds);
  const dependencies = (document ? topologyDependencies(document) : []).filter((d) => known.has(d.from) && known.has(d.to));
  const order = planGroups(nodeIds, dependencies).reverse().flat();
  return {
    nodes: order.map((id) => ({ id, dependsOn: [...new Set(dependencies.filter((d) => d.from === id).map((d) => d.to))] })),
    dependencies,
  };
}

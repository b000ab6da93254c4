import type { Deployment, DriftRecord, NodeResolution, ResolvedValue, TopologyResolution } from '../../api/entities';
import { formatValue, KNOWN_AFTER_DEPLOY } from '../../ui/format-value';

/** The status badge of a node. */
export type NodeStatus = 'invalid' | 'valid' | 'deployed' | 'drifted';

/** What the canvas draws over one node: its badge, problems, wave and key values. */
export interface NodeOverlay {
  /** Null when there is nothing to say yet (no environment, no plan). */
  status: NodeStatus | null;
  /** One sentence behind the badge, for its tooltip. */
  statusDetail: string;
  /** The plan's problems of this node, one line each. */
  issues: string[];
  /** Deployment wave (1-based) when the plan overlay is on. */
  wave: number | null;
  address: string | null;
  name: string | null;
}

/** Everything drawn over the canvas: node overlays by node id, and wire problems by wire id. */
export interface PlannerOverlay {
  nodes: Record<string, NodeOverlay>;
  wires: Record<string, string>;
}

export const EMPTY_NODE_OVERLAY: NodeOverlay = { status: null, statusDetail: '', issues: [], wave: null, address: null, name: null };
export const EMPTY_OVERLAY: PlannerOverlay = { nodes: {}, wires: {} };

/** What has been deployed from this topology into the planned environment, for the badges. */
export interface RuntimeState {
  environment: string;
  /** Newest first, as `listDeployments` returns them. */
  deployments: readonly Deployment[];
  /** Newest first, as `listDriftRecords` returns them. */
  drift: readonly DriftRecord[];
}

const ADDRESS_KEYS = ['ip_address', 'ip', 'address', 'cidr', 'gateway', 'endpoint'];
const NAME_KEYS = ['name', 'hostname', 'fqdn'];

function pick(values: Record<string, ResolvedValue>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const resolved = values[key];
    if (!resolved) continue;
    if (resolved.pending)
      return resolved.source === 'wire' && resolved.detail
        ? resolved.detail.replace(/ \(known after it is deployed\)$/, '')
        : KNOWN_AFTER_DEPLOY;
    if (resolved.value !== null && resolved.value !== undefined) return formatValue(resolved.value);
  }
  return null;
}

/** The values a node is recognised by on the canvas: its address and its name, resolved or still pending. */
export function keyValues(values: Record<string, ResolvedValue>): { address: string | null; name: string | null } {
  return { address: pick(values, ADDRESS_KEYS), name: pick(values, NAME_KEYS) };
}

/**
 * A node's badge. The design comes first: a node the plan finds invalid shows `invalid` whatever runs,
 * because that is what the architect must fix. Otherwise the running instance speaks: `drifted` when
 * the latest drift check of its deployment found drift, `deployed` when it is deployed, else `valid`.
 */
export function nodeStatus(
  resolution: NodeResolution,
  deployment: Deployment | undefined,
  latestDrift: DriftRecord | undefined,
): { status: NodeStatus; detail: string } {
  if (resolution.status === 'invalid') {
    const count = resolution.issues.length;
    return { status: 'invalid', detail: `${count} ${count === 1 ? 'problem' : 'problems'} in the plan` };
  }
  if (deployment?.status === 'deployed') {
    if (latestDrift?.drifted)
      return {
        status: 'drifted',
        detail: `deployed as ${deployment.component}@${deployment.version}; drift found on ${latestDrift.checkedAt}`,
      };
    return { status: 'deployed', detail: `deployed as ${deployment.component}@${deployment.version}` };
  }
  return { status: 'valid', detail: 'the plan resolves every parameter' };
}

/**
 * The overlay for a plan: badges, problems and key values per node, wave numbers when `showWaves`,
 * and the wires the engine reports as problems (issues whose path is `wires.<id>`).
 */
export function buildOverlay(plan: TopologyResolution | null, runtime: RuntimeState | null, showWaves: boolean): PlannerOverlay {
  if (!plan) return EMPTY_OVERLAY;
  const waves = new Map(plan.groups.flatMap((group, index) => group.map((id) => [id, index + 1] as const)));
  const relevant = runtime && runtime.environment === plan.environment ? runtime : null;
  const deployments = new Map<string, Deployment>();
  for (const deployment of relevant?.deployments ?? []) {
    if (deployment.status !== 'destroyed' && !deployments.has(deployment.nodeId)) deployments.set(deployment.nodeId, deployment);
  }
  const latestDrift = new Map<string, DriftRecord>();
  for (const record of relevant?.drift ?? []) if (!latestDrift.has(record.deploymentId)) latestDrift.set(record.deploymentId, record);

  const nodes: Record<string, NodeOverlay> = {};
  const wires: Record<string, string> = {};
  for (const node of plan.nodes) {
    const deployment = deployments.get(node.nodeId);
    const { status, detail } = nodeStatus(node, deployment, deployment && latestDrift.get(deployment.id));
    nodes[node.nodeId] = {
      status,
      statusDetail: detail,
      issues: node.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)),
      wave: showWaves ? (waves.get(node.nodeId) ?? null) : null,
      ...keyValues(node.values),
    };
    for (const issue of node.issues) {
      const match = /^wires\.(.+)$/.exec(issue.path);
      if (match?.[1]) wires[match[1]] = wires[match[1]] ? `${wires[match[1]]}; ${issue.message}` : issue.message;
    }
  }
  return { nodes, wires };
}

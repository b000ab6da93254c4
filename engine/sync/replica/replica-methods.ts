import type { MethodName } from '../../common/method-names.js';

/**
 * The reads whose answers the desktop keeps for offline browsing: what its user may see on the shared
 * server (catalog, stacks, landing zones, environments, IPAM, governance, topologies, deployments,
 * CMDB, drift, stack instances, jobs, approvals, leases, who they are). A declared list rather than a
 * name pattern, so a new read is kept only once someone decided it should be: never secrets, tokens,
 * users or other credentials, and nothing that changes anything.
 */
export const REPLICA_METHODS = [
  'getSystemInfo',
  'whoAmI',
  'getSemanticCatalog',
  'listTopologies',
  'getTopology',
  'getTopologyDraft',
  'exportTopology',
  'listJobs',
  'getJob',
  'listComponents',
  'getComponent',
  'getComponentVersion',
  'diffComponentVersions',
  'listLandingZones',
  'listEnvironments',
  'listIpamPools',
  'listIpamAllocations',
  'getGovernancePolicy',
  'listDeployedTopologies',
  'listDeployments',
  'getDeployment',
  'listCmdbItems',
  'listDriftRecords',
  'listStacks',
  'getStack',
  'listStackVersions',
  'getStackVersion',
  'getStackInterface',
  'listStackInstances',
  'getStackInstance',
  'listEvents',
  'listLeases',
  'listApprovalPolicies',
  'getApprovalPolicy',
  'listApprovalRequests',
  'getApprovalRequest',
  'listMyNotifications',
  'getUnreadNotificationCount',
] as const satisfies readonly MethodName[];

/** A read the replica keeps. */
export type ReplicaMethod = (typeof REPLICA_METHODS)[number];

const KEPT: ReadonlySet<string> = new Set(REPLICA_METHODS);

/** Whether the replica keeps the answers of `method`. */
export function isReplicaMethod(method: string): method is ReplicaMethod {
  return KEPT.has(method);
}

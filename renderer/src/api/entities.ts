import type { MethodOutput } from '../../../engine/api/contract';

// The contract exports only a few entity types by name; the rest are read off the method outputs here,
// so every screen names them the same way and they follow the contract without a copy.

export type SemanticCatalog = MethodOutput<'getSemanticCatalog'>;
export type SemanticType = SemanticCatalog['types'][number];
export type SemanticCategory = SemanticCatalog['categories'][number];

export type ComponentSummary = MethodOutput<'listComponents'>[number];
export type ComponentDetail = MethodOutput<'getComponent'>;
export type ComponentContent = MethodOutput<'getComponentVersion'>;
export type GovernancePolicy = MethodOutput<'getGovernancePolicy'>;
export type ComponentVersionInfo = ComponentDetail['versions'][number];
export type ComponentDiff = MethodOutput<'diffComponentVersions'>;

export type LandingZone = MethodOutput<'listLandingZones'>[number];
export type EnvironmentTemplate = LandingZone['templates'][number];
export type Environment = MethodOutput<'listEnvironments'>[number];

export type IpamPool = MethodOutput<'listIpamPools'>[number];
export type IpamAllocation = MethodOutput<'listIpamAllocations'>[number];

export type TopologyResolution = MethodOutput<'planTopology'>;
export type NodeResolution = TopologyResolution['nodes'][number];
export type ResolvedValue = NodeResolution['values'][string];
export type ValueSource = ResolvedValue['source'];

export type Deployment = MethodOutput<'listDeployments'>[number];
export type DeploymentStatus = Deployment['status'];
export type DeploymentDetail = MethodOutput<'getDeployment'>;
export type JournalEntry = DeploymentDetail['journal'][number];
export type DeployedTopology = MethodOutput<'listDeployedTopologies'>[number];
export type CmdbItem = MethodOutput<'listCmdbItems'>['items'][number];
export type CmdbRelationship = MethodOutput<'listCmdbItems'>['relationships'][number];
export type DriftRecord = MethodOutput<'listDriftRecords'>[number];
export type DriftEntry = DriftRecord['entries'][number];
export type DriftChange = DriftRecord['change'];

// Job results are `unknown` on the wire (one job record for every kind of work); their shapes are named
// by the schemas, and `deployments/job-results.ts` checks a result before a screen trusts it.
export type { DeploymentPlan, DeploymentRun, NodeAction, NodeOutcome, NodePlan } from '../../../engine/api/schemas/deployments';
export type { NodeRunStatus } from '../../../engine/api/schemas/jobs';

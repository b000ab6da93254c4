import type { MethodOutput } from '../../../engine/api/contract';

// The contract exports only a few entity types by name; the rest are read off the method outputs here,
// so every screen names them the same way and they follow the contract without a copy.

export type SemanticCatalog = MethodOutput<'getSemanticCatalog'>;
export type SemanticType = SemanticCatalog['types'][number];
export type SemanticCategory = SemanticCatalog['categories'][number];

export type ComponentSummary = MethodOutput<'listComponents'>[number];
export type ComponentDetail = MethodOutput<'getComponent'>;
export type ComponentContent = MethodOutput<'getComponentVersion'>;
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

/**
 * Names of every API method, with no runtime dependency, so the sandboxed preload script can check a
 * channel name against the contract without bundling the schemas. `contract.ts` is typed against this
 * list, so the two cannot drift apart.
 */
export const METHOD_NAMES = [
  'getSystemInfo',
  'getSettings',
  'updateSettings',
  'listTopologies',
  'getTopology',
  'createTopology',
  'saveTopology',
  'deleteTopology',
  'getPulumiStatus',
  'startPulumiCheck',
  'listJobs',
  'getJob',
  'cancelJob',
  'getSemanticCatalog',
  'listComponents',
  'getComponent',
  'createComponent',
  'updateComponentDraft',
  'publishComponent',
  'getComponentVersion',
  'diffComponentVersions',
  'listLandingZones',
  'createLandingZone',
  'createEnvironmentTemplate',
  'listEnvironments',
  'createEnvironment',
  'createLocalSandbox',
  'listIpamPools',
  'createIpamPool',
  'listIpamAllocations',
  'allocateIp',
  'releaseIp',
  'getGovernancePolicy',
  'setGovernancePolicy',
  'validateTopologyFile',
  'importTopologyFile',
  'exportTopology',
  'planTopology',
  'previewDeployment',
  'startDeployment',
  'startTopologyDestroy',
  'startTopologyRefresh',
  'destroyDeployment',
  'upgradeDeployment',
  'listDeployedTopologies',
  'listDeployments',
  'getDeployment',
  'listCmdbItems',
  'startDriftCheck',
  'repairDrift',
  'acceptDrift',
  'listDriftRecords',
  'getTopologyDraft',
  'saveTopologyDraft',
  'discardTopologyDraft',
  'tryComponent',
  'getEditorTypings',
  'listStacks',
  'getStack',
  'createStack',
  'saveStackDraft',
  'publishStack',
  'listStackVersions',
  'getStackVersion',
  'forkStack',
  'getStackInterface',
  'listStackInstances',
  'getStackInstance',
  'deployStack',
  'destroyStackInstance',
  'upgradeStackInstance',
  'runStackOperation',
  'confirmStackOperation',
  'listEvents',
  'emitEvent',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** Electron IPC channel of one method. */
export const ipcChannel = (method: MethodName): string => `nimbus:${method}`;

/** Electron IPC channel on which the main process forwards job events to the renderer. */
export const JOB_EVENT_CHANNEL = 'nimbus:job-event';

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

import type { MethodName } from '../../../engine/api/contract';

// `satisfies` makes the compiler reject a missing or unknown method, so this list cannot drift from the
// contract even though the renderer may not import the engine's runtime list.
const METHODS = {
  getSystemInfo: true,
  getSettings: true,
  updateSettings: true,
  listTopologies: true,
  getTopology: true,
  createTopology: true,
  saveTopology: true,
  deleteTopology: true,
  listComponentDrafts: true,
  getComponentDraft: true,
  createComponentDraft: true,
  saveComponentDraft: true,
  getPulumiStatus: true,
  startPulumiCheck: true,
  listJobs: true,
  getJob: true,
  cancelJob: true,
} as const satisfies Record<MethodName, true>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

import type { Services } from '../../services.js';
import type { Handlers } from '../dispatcher.js';

type LandingZoneEditHandlers = Pick<
  Handlers,
  | 'updateLandingZone'
  | 'deleteLandingZone'
  | 'updateEnvironmentTemplate'
  | 'deleteEnvironmentTemplate'
  | 'updateEnvironment'
  | 'deleteEnvironment'
  | 'updateIpamPool'
  | 'deleteIpamPool'
>;

/** API methods that edit and delete landing zones, templates, environments and IPAM pools. */
export function landingZoneEditHandlers(services: Services): LandingZoneEditHandlers {
  const { landingZoneEdits: edits, poolEdits } = services;
  return {
    updateLandingZone: (input) => edits.updateLandingZone(input),
    deleteLandingZone: (input) => edits.deleteLandingZone(input),
    updateEnvironmentTemplate: (input) => edits.updateTemplate(input),
    deleteEnvironmentTemplate: (input) => edits.deleteTemplate(input),
    updateEnvironment: (input) => edits.updateEnvironment(input),
    deleteEnvironment: (input) => edits.deleteEnvironment(input),
    updateIpamPool: ({ pool, scope, name }) => poolEdits.renamePool({ pool, name, ...(scope ? { scope } : {}) }),
    deleteIpamPool: ({ pool, scope }) => poolEdits.deletePool({ pool, ...(scope ? { scope } : {}) }),
  };
}

import type { EnvironmentProvisioning } from '../../landing-zones/bootstrap/environment-provisioning.js';
import type { SystemServices } from '../../landing-zones/bootstrap/system-services.js';
import { parseTopologyFile } from '../../topology/topology-file.js';
import type { Handlers } from '../dispatcher.js';

type BootstrapHandlers = Pick<
  Handlers,
  | 'listLandingZoneServices'
  | 'getLandingZoneServices'
  | 'setLandingZoneServices'
  | 'publishLandingZone'
  | 'retryEnvironmentProvisioning'
  | 'listEnvironments'
  | 'createEnvironment'
>;

/**
 * API methods of landing-zone bootstrap and environment provisioning. `listEnvironments` and
 * `createEnvironment` are answered here (they replace the plain landing-zone handlers of the same
 * name): an environment is shown with its provisioning status, and one made from a template with
 * mandatory components starts provisioning them.
 */
export function bootstrapHandlers(systemServices: SystemServices, provisioning: EnvironmentProvisioning): BootstrapHandlers {
  return {
    listLandingZoneServices: () => systemServices.list(),
    getLandingZoneServices: ({ landingZone }) => systemServices.get(landingZone),
    setLandingZoneServices: ({ landingZone, document, text }) =>
      systemServices.setServices(landingZone, text !== undefined ? parseTopologyFile(text, 'system services file').document : document),
    publishLandingZone: ({ landingZone }) => systemServices.publish(landingZone),
    retryEnvironmentProvisioning: ({ environment }) => provisioning.retry(environment),
    listEnvironments: () => provisioning.list(),
    createEnvironment: (input) => provisioning.createEnvironment(input),
  };
}

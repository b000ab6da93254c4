import { setUpLocalSandbox } from '../../landing-zones/local-sandbox.js';
import type { Services } from '../../services.js';
import type { StorePort } from '../../store/ports/store-port.js';
import type { Handlers } from '../dispatcher.js';

/** The first-run set-up: one call gives a new user an environment to plan and deploy against. */
export function sandboxHandlers(services: Services, store: StorePort): Pick<Handlers, 'createLocalSandbox'> {
  return {
    createLocalSandbox: ({ name }) =>
      setUpLocalSandbox({ landingZones: services.landingZones, ipam: services.ipam, unitOfWork: (work) => store.unitOfWork(work) }, name),
  };
}

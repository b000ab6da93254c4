import { setUpLocalSandbox } from '../../landing-zones/local-sandbox.js';
import type { Services } from '../../services.js';
import type { Store } from '../../store/store.js';
import type { Handlers } from '../dispatcher.js';

/** The first-run set-up: one call gives a new user an environment to plan and deploy against. */
export function sandboxHandlers(services: Services, store: Store): Pick<Handlers, 'createLocalSandbox'> {
  return {
    createLocalSandbox: ({ name }) =>
      setUpLocalSandbox(
        { landingZones: services.landingZones, ipam: services.ipam, unitOfWork: (work) => store.async.unitOfWork(work) },
        name,
      ),
  };
}

import type { BareMetalService } from '../../baremetal/registry-service.js';
import type { Handlers } from '../dispatcher.js';

type BareMetalMethods = 'getBareMetalOverview' | 'addBareMetalRegistry' | 'syncBareMetalRegistries';

/** The bare-metal provider registry: overview, adding and syncing registries. */
export function bareMetalHandlers(bareMetal: BareMetalService): Pick<Handlers, BareMetalMethods> {
  return {
    getBareMetalOverview: () => bareMetal.overview(),
    addBareMetalRegistry: (input) => bareMetal.addRegistry({ source: input.source, name: input.name }),
    syncBareMetalRegistries: (input) => bareMetal.sync(input.registry),
  };
}

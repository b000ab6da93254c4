import type { CloudAccountService } from '../../landing-zones/cloud-accounts/cloud-account-service.js';
import type { Handlers } from '../dispatcher.js';

type CloudAccountHandlers = Pick<Handlers, 'getCloudAccount' | 'setCloudAccount' | 'removeCloudAccount' | 'testCloudAccount'>;

/** API methods of cloud accounts (provider credentials per landing zone); no answer carries a secret. */
export function cloudAccountHandlers(accounts: CloudAccountService): CloudAccountHandlers {
  return {
    getCloudAccount: async ({ landingZone }) => ({ account: await accounts.get(landingZone) }),
    setCloudAccount: ({ landingZone, account }) => accounts.set(landingZone, account),
    removeCloudAccount: async ({ landingZone }) => ({ removed: await accounts.remove(landingZone) }),
    testCloudAccount: ({ landingZone }) => accounts.test(landingZone),
  };
}

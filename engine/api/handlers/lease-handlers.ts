import { NimbusError } from '../../errors.js';
import type { LeaseService } from '../../sync/lease-service.js';
import type { Handlers } from '../dispatcher.js';

type LeaseMethods = 'grantLease' | 'listLeases' | 'confirmLeaseUses' | 'releaseLease';

/** Offline leases on the shared server. */
export function leaseHandlers(leases: LeaseService): Pick<Handlers, LeaseMethods> {
  return {
    grantLease: (input) =>
      leases.grant({
        environment: input.environment,
        client: input.client,
        addresses: input.addresses ?? 16,
        names: input.names ?? [],
        hours: input.hours ?? 72,
        ...(input.pools ? { pools: input.pools } : {}),
      }),
    listLeases: (filter) => leases.list({ ...(filter.client ? { client: filter.client } : {}), ...(filter.live ? { live: true } : {}) }),
    confirmLeaseUses: ({ id, uses }) => leases.confirm(id, uses),
    releaseLease: ({ id }) => leases.release(id),
  };
}

/** A local engine is its own authority: it allocates directly and has nothing to lease. */
export function localLeaseHandlers(): Pick<Handlers, LeaseMethods> {
  const serverOnly = (): never => {
    throw new NimbusError('server_only', 'Leases for offline planning are granted by a shared Nimbus server; connect to one first');
  };
  return { grantLease: serverOnly, listLeases: serverOnly, confirmLeaseUses: serverOnly, releaseLease: serverOnly };
}

import { NimbusError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { Handlers } from '../dispatcher.js';

type LandingZoneHandlers = Pick<
  Handlers,
  | 'listLandingZones'
  | 'createLandingZone'
  | 'createEnvironmentTemplate'
  | 'listEnvironments'
  | 'createEnvironment'
  | 'listIpamPools'
  | 'createIpamPool'
  | 'listIpamAllocations'
  | 'allocateIp'
  | 'releaseIp'
>;

/** API methods of landing zones, environments and IPAM. */
export function landingZoneHandlers(services: Services): LandingZoneHandlers {
  const { landingZones, ipam } = services;
  return {
    listLandingZones: () => landingZones.listLandingZones(),
    createLandingZone: (input) => landingZones.createLandingZone(input),
    createEnvironmentTemplate: async (input) => {
      await landingZones.createTemplate(input);
      return landingZones.getLandingZone(input.landingZone);
    },
    listEnvironments: () => landingZones.listEnvironments(),
    createEnvironment: (input) => landingZones.createEnvironment(input),
    listIpamPools: ({ scope }) => ipam.listPools(scope),
    createIpamPool: (input) => ipam.createPool(input),
    listIpamAllocations: ({ pool, scope }) => ipam.listAllocations({ pool, ...(scope ? { scope } : {}) }),
    allocateIp: ({ pool, scope, owner, prefix, value }) => {
      const ref = { pool, ...(scope ? { scope } : {}) };
      if (value !== undefined) return ipam.reserve(ref, value, owner);
      return ipam.allocate(ref, prefix === undefined ? { kind: 'address' } : { kind: 'subnet', prefix }, owner);
    },
    releaseIp: ({ id, pool, scope, value }) => {
      if (id) return ipam.release({ id });
      if (pool && value) return ipam.release({ pool, value, ...(scope ? { scope } : {}) });
      throw new NimbusError('invalid_input', 'Name the allocation to release: its id, or its pool and value', {});
    },
  };
}

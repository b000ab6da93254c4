import { NimbusError } from '../errors.js';
import type { CapacityOutput } from '../common/resolver-bindings.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { MachineRequirements, Placement } from './placement.js';
import type { BareMetalService } from './registry-service.js';

/** What planning asks of the capacity resolver: a placement (reserved under an owner) and releasing an owner's machines. */
export type CapacityResolver = Pick<BareMetalService, 'place' | 'releaseOwner'>;

/** The inputs of a bare-metal component that say what its machine needs. */
export const REQUIREMENT_INPUTS = {
  minCores: 'min_cores',
  minMemoryGb: 'min_memory_gb',
  minDiskGb: 'min_disk_gb',
  location: 'location',
  provider: 'registry_provider',
} as const;

/** The node's requirements from its resolved values; a wired (not yet known) requirement cannot place a machine. */
export function requirementsOf(values: Record<string, ResolvedValue>): MachineRequirements {
  const read = (key: string): unknown => {
    const value = values[key];
    if (value?.pending) {
      throw new NimbusError(
        'capacity_unavailable',
        `${key} must be known when planning to choose a machine, but it is wired from another node`,
        {
          input: key,
        },
      );
    }
    return value?.value;
  };
  const count = (key: string): number => {
    const value = read(key);
    if (value === undefined || value === null) return 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new NimbusError('capacity_unavailable', `${key} must be a non-negative number to choose a machine`, { input: key });
    }
    return value;
  };
  const text = (key: string): string | undefined => {
    const value = read(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  return {
    minCores: count(REQUIREMENT_INPUTS.minCores),
    minMemoryGb: count(REQUIREMENT_INPUTS.minMemoryGb),
    minDiskGb: count(REQUIREMENT_INPUTS.minDiskGb),
    location: text(REQUIREMENT_INPUTS.location),
    provider: text(REQUIREMENT_INPUTS.provider),
  };
}

/**
 * One capacity-bound input's value from the node's placement: the machine id with the reason it was
 * chosen, or a field of its BMC. Credentials are environment variable names, never the secrets.
 */
export function capacityValue(placement: Placement, output: CapacityOutput | undefined): ResolvedValue {
  const { machine } = placement;
  switch (output ?? 'machine') {
    case 'machine':
      return { value: machine.id, source: 'resolver', detail: placement.reason };
    case 'bmc_address':
      return { value: machine.bmc.address, source: 'resolver', detail: `capacity: BMC of ${machine.id}` };
    case 'bmc_system':
      return { value: machine.bmc.system, source: 'resolver', detail: `capacity: Redfish system of ${machine.id}` };
    case 'bmc_username_env':
      return {
        value: machine.bmc.usernameEnv ?? '',
        source: 'resolver',
        detail: `capacity: BMC login of ${machine.id} (an environment variable name)`,
      };
    case 'bmc_password_env':
      return {
        value: machine.bmc.passwordEnv ?? '',
        source: 'resolver',
        detail: `capacity: BMC password of ${machine.id} (an environment variable name)`,
      };
  }
}

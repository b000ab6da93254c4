import { NimbusError } from '../errors.js';
import { formatCidr, overlaps, parseCidr, type Cidr } from '../resolvers/ipam/cidr.js';
import type { IpamPool, IpamService } from '../resolvers/ipam/ipam-service.js';
import type { Environment, LandingZone, LandingZoneService } from './landing-zone-service.js';
import type { RepositoryScope } from '../store/ports/store-port.js';

/** The sandbox a first run gets unless another name is asked for. */
export const DEFAULT_SANDBOX_NAME = 'sandbox';

/** The range tried first for the sandbox's pool: private, and clear of the usual home and office /24s. */
export const DEFAULT_SANDBOX_CIDR = '10.100.0.0/16';

/** Names of the three records of a sandbox, derived from its name so a second call finds them again. */
export function sandboxNames(name: string): { environment: string; landingZone: string; pool: string } {
  return { environment: name, landingZone: `${name}-local`, pool: `${name}-pool` };
}

/** What {@link setUpLocalSandbox} made or found, and which of the three it created now. */
export interface LocalSandbox {
  environment: Environment;
  landingZone: LandingZone;
  pool: IpamPool;
  created: { pool: boolean; landingZone: boolean; environment: boolean };
}

/** A sandbox name is held by something that is not a local sandbox, or no private range is free. */
export class SandboxError extends NimbusError {
  override name = 'SandboxError';
}

const SANDBOX_NAMING = '{env}-{component}-{seq:02d}';

/**
 * Private IPv4 /16 blocks in the order a sandbox tries them: the default first, then the rest of
 * 10.0.0.0/8, then 172.16.0.0/12, then 192.168.0.0/16.
 */
function* sandboxCandidates(): Generator<Cidr> {
  const first = parseCidr(DEFAULT_SANDBOX_CIDR);
  yield first;
  const ranges: [string, number][] = [
    ['10.0.0.0/8', 256],
    ['172.16.0.0/12', 16],
    ['192.168.0.0/16', 1],
  ];
  for (const [range, count] of ranges) {
    const base = parseCidr(range).start;
    for (let i = 0; i < count; i += 1) {
      const candidate: Cidr = { family: 4, start: base + (BigInt(i) << 16n), prefix: 16 };
      if (candidate.start !== first.start) yield candidate;
    }
  }
}

/**
 * The first private /16 that overlaps none of the given pools (child pools lie inside their roots,
 * so root pools are what matter), or null when every candidate is taken.
 */
export function freeSandboxCidr(pools: readonly Pick<IpamPool, 'cidr' | 'family'>[]): string | null {
  const taken = pools.filter((pool) => pool.family === 4).map((pool) => parseCidr(pool.cidr));
  for (const candidate of sandboxCandidates()) {
    if (!taken.some((block) => overlaps(block, candidate))) return formatCidr(candidate);
  }
  return null;
}

export interface SandboxDeps {
  landingZones: LandingZoneService;
  ipam: IpamService;
  /** One unit of work around the whole set-up, so a refusal half way leaves nothing behind. */
  unitOfWork: RepositoryScope['unitOfWork'];
}

/**
 * Sets up what a first deploy on this machine needs — an IPAM pool on a free private range, a
 * landing zone of the local provider using it, and an environment in that zone — so a new user can
 * plan and deploy at once. Idempotent: a second call finds the sandbox of that name and creates
 * nothing. A name held by something else (an environment in another zone, a zone of another provider
 * or pool) is refused rather than taken over; a pool of the sandbox's name is reused.
 */
export function setUpLocalSandbox(deps: SandboxDeps, name: string = DEFAULT_SANDBOX_NAME): Promise<LocalSandbox> {
  const names = sandboxNames(name);
  return deps.unitOfWork(async (tx) => {
    const landingZones = deps.landingZones.within(tx);
    const ipam = deps.ipam.within(tx);
    const existingEnvironment = (await landingZones.listEnvironments()).find((entry) => entry.name === names.environment);
    if (existingEnvironment && (existingEnvironment.landingZone !== names.landingZone || existingEnvironment.provider !== 'local')) {
      throw new SandboxError(
        'sandbox_name_taken',
        `An environment named ${names.environment} already exists in landing zone ${existingEnvironment.landingZone} (${existingEnvironment.provider}); it is not a local sandbox. Choose another sandbox name.`,
        { kind: 'environment', name: names.environment },
      );
    }

    const existingZone = (await landingZones.listLandingZones()).find((entry) => entry.name === names.landingZone);
    if (existingZone && (existingZone.provider !== 'local' || existingZone.resolverConfig.ipam?.pool !== names.pool)) {
      throw new SandboxError(
        'sandbox_name_taken',
        `A landing zone named ${names.landingZone} already exists (${existingZone.provider}, pool ${existingZone.resolverConfig.ipam?.pool ?? 'none'}); it is not a local sandbox's zone. Choose another sandbox name.`,
        { kind: 'landing_zone', name: names.landingZone },
      );
    }

    const pools = await ipam.listPools('global');
    const existingPool = pools.find((pool) => pool.name === names.pool);
    if (existingPool && (existingPool.family !== 4 || existingPool.parentId !== null)) {
      throw new SandboxError(
        'sandbox_name_taken',
        `An IPAM pool named ${names.pool} already exists (${existingPool.cidr}${existingPool.parentId !== null ? ', inside another pool' : ''}); a sandbox needs a top-level IPv4 pool. Choose another sandbox name.`,
        { kind: 'ipam_pool', name: names.pool },
      );
    }

    let pool = existingPool;
    if (!pool) {
      const cidr = freeSandboxCidr(pools);
      if (cidr === null) {
        throw new SandboxError(
          'sandbox_no_free_range',
          'Every private IPv4 /16 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) overlaps an existing IPAM pool; free one, or create the pool by hand',
          {},
        );
      }
      pool = await ipam.createPool({ name: names.pool, cidr });
    }
    const landingZone =
      existingZone ??
      (await landingZones.createLandingZone({
        name: names.landingZone,
        provider: 'local',
        description: 'Local sandbox: deploys to real objects on this machine, no cloud account needed',
        resolverConfig: { ipam: { pool: names.pool }, naming: { pattern: SANDBOX_NAMING } },
      }));
    const environment =
      existingEnvironment ?? (await landingZones.createEnvironment({ name: names.environment, landingZone: names.landingZone }));
    return {
      environment,
      landingZone,
      pool,
      created: { pool: !existingPool, landingZone: !existingZone, environment: !existingEnvironment },
    };
  });
}

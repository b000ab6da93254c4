import { randomUUID } from 'node:crypto';
import { currentRequest } from '../context/request-context.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { ResolutionInputs } from '../deploy/topology-deployer.js';
import { IpamService } from '../resolvers/ipam/ipam-service.js';
import { NamingService, type NameRequest } from '../resolvers/naming/naming-service.js';
import type { LeaseRecord } from '../store/ports/resolver-records.js';
import type { Repositories } from '../store/ports/repositories.js';
import { joinUnit, type RepositoryScope } from '../store/ports/store-port.js';

/** The owner of what a lease sets aside, until a use of it is confirmed. */
export const leaseOwner = (id: string): string => `lease:${id}`;

/** What a desktop asks to have set aside for offline planning in one environment. */
export interface LeaseRequest {
  environment: string;
  /** The desktop's own id: its leases are listed and released by it. */
  client: string;
  /** Addresses set aside from each pool (the environment's IPAM pool unless `pools` names others). */
  addresses: number;
  pools?: string[];
  /** Names set aside per component (a reference `name@version`), in the environment's naming pattern. */
  names: { component: string; count: number }[];
  hours: number;
}

/** A lease as the API shows it, with what it sets aside that is not used yet. */
export interface LeaseView {
  id: string;
  environment: string;
  client: string;
  actor: string | null;
  grantedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endedReason: string | null;
  addresses: { pool: string; values: string[] }[];
  names: { name: string; scope: string }[];
}

/** One value a desktop planned with offline, to be confirmed as its user's (the node that holds it). */
export type LeaseUse = { kind: 'address'; pool: string; value: string; owner: string } | { kind: 'name'; name: string; owner: string };

/** What confirming a use did: it is the owner's now, or it must be resolved again (and why). */
export interface LeaseUseOutcome {
  use: LeaseUse;
  outcome: 'confirmed' | 'already_confirmed' | 'reserved' | 'refused';
  reason: string | null;
}

/**
 * Leases for offline planning: the server sets aside, for one desktop, a block of addresses from the
 * environment's pools and a range of names per component, each allocated to the lease's own owner
 * (`lease:<id>`), so nothing else hands them out. A desktop that planned offline with them confirms
 * each use: it becomes the node's, exactly once however often the confirmation is sent; a value the
 * lease no longer holds (it expired and someone took it) is refused, and the desktop resolves it
 * again. When a lease ends (released, or expired) what it still holds is freed.
 */
export class LeaseService {
  constructor(
    private readonly store: RepositoryScope,
    private readonly inputsFor: (environment: string, components: string[]) => Promise<ResolutionInputs>,
  ) {}

  /** Grants a lease: everything it sets aside is taken in one unit of work, or nothing is. */
  async grant(request: LeaseRequest): Promise<LeaseView> {
    await this.expireDue();
    const inputs = await this.inputsFor(
      request.environment,
      request.names.map((entry) => entry.component),
    );
    const { config } = inputs.environment;
    const pools = request.pools ?? (config.ipam.pool ? [config.ipam.pool] : []);
    if (request.addresses > 0 && pools.length === 0)
      throw new NimbusError(
        'ipam_no_pool',
        `no IPAM pool is configured for environment ${request.environment}: set ipam.pool on its landing zone or on the environment, or name the pools`,
        {},
      );
    const nameRequests = request.names.map(({ component, count }) => {
      const definition = inputs.components(component);
      const nameRequest: NameRequest = {
        pattern: config.naming.pattern,
        context: {
          env: request.environment,
          type: definition.semanticType,
          provider: definition.provider,
          zone: inputs.environment.landingZone,
          component: definition.name,
        },
        scope: config.naming.scope === 'global' ? 'global' : `env:${request.environment}`,
        ...(config.naming.domain ? { domain: config.naming.domain } : {}),
      };
      return { nameRequest, count };
    });
    const id = randomUUID();
    const now = new Date();
    const owner = leaseOwner(id);
    await this.store.unitOfWork(async (tx) => {
      await tx.leases.insert({
        id,
        environment: request.environment,
        client: request.client,
        actor: currentRequest()?.actor ?? null,
        grantedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + request.hours * 3_600_000).toISOString(),
      });
      const scope = joinUnit(tx);
      const ipam = new IpamService(scope);
      const naming = new NamingService(scope);
      if (request.addresses > 0) for (const pool of pools) await ipam.allocateMany({ pool }, { kind: 'address' }, owner, request.addresses);
      for (const { nameRequest, count } of nameRequests) for (let i = 0; i < count; i += 1) await naming.issue(nameRequest, owner);
    });
    return this.get(id);
  }

  /** A lease with what it still holds; `not_found` for an unknown id (or another tenant's). */
  async get(id: string): Promise<LeaseView> {
    const lease = await this.store.leases.get(id);
    if (!lease) throw new NotFoundError('Lease', id);
    return this.view(this.store, lease);
  }

  /** Leases, newest first, of one desktop when asked. */
  async list(filter: { client?: string; live?: boolean }): Promise<LeaseView[]> {
    const leases = await this.store.leases.list(filter);
    return Promise.all(leases.map((lease) => this.view(this.store, lease)));
  }

  /**
   * Confirms the values a desktop used: each becomes its owner's, once (a repeated confirmation
   * answers `already_confirmed`). A value the lease no longer holds is reserved for the owner when
   * still free (`reserved`), refused otherwise, with the reason: the desktop resolves it again.
   */
  async confirm(id: string, uses: LeaseUse[]): Promise<LeaseUseOutcome[]> {
    for (const use of uses)
      if (use.owner.startsWith('lease:'))
        throw new NimbusError('invalid_input', `A confirmed value belongs to what uses it, not to a lease (${use.owner})`, {});
    const lease = await this.store.leases.get(id);
    if (!lease) throw new NotFoundError('Lease', id);
    const owner = leaseOwner(id);
    return this.store.unitOfWork(async (tx) => {
      const outcomes: LeaseUseOutcome[] = [];
      for (const use of uses)
        outcomes.push(use.kind === 'address' ? await confirmAddress(tx, owner, use) : await confirmName(tx, owner, lease, use));
      return outcomes;
    });
  }

  /** Ends a lease now and frees what it still holds. */
  async release(id: string): Promise<LeaseView> {
    const lease = await this.store.leases.get(id);
    if (!lease) throw new NotFoundError('Lease', id);
    await this.end(lease, 'released');
    return this.get(id);
  }

  /** Ends the leases past their expiry, freeing what they still hold; returns how many. */
  async expireDue(now = new Date()): Promise<number> {
    const due = await this.store.leases.expired(now.toISOString());
    for (const lease of due) await this.end(lease, 'expired');
    return due.length;
  }

  private async end(lease: LeaseRecord, reason: string): Promise<void> {
    await this.store.unitOfWork(async (tx) => {
      if (!(await tx.leases.end(lease.id, new Date().toISOString(), reason))) return;
      const scope = joinUnit(tx);
      await new IpamService(scope).releaseOwner(leaseOwner(lease.id));
      await new NamingService(scope).releaseOwner(leaseOwner(lease.id));
    });
  }

  private async view(store: Pick<Repositories, 'ipam' | 'naming'>, lease: LeaseRecord): Promise<LeaseView> {
    const owner = leaseOwner(lease.id);
    const byPool = new Map<string, string[]>();
    for (const allocation of await store.ipam.liveByOwner(owner)) {
      const pool = (await store.ipam.poolById(allocation.poolId))?.name ?? allocation.poolId;
      byPool.set(pool, [...(byPool.get(pool) ?? []), allocation.value]);
    }
    return {
      ...lease,
      addresses: [...byPool].map(([pool, values]) => ({ pool, values })),
      names: (await store.naming.byOwner(owner)).map((name) => ({ name: name.name, scope: name.scope })),
    };
  }
}

async function confirmAddress(
  tx: Repositories,
  leaseOwnerId: string,
  use: Extract<LeaseUse, { kind: 'address' }>,
): Promise<LeaseUseOutcome> {
  const ipam = new IpamService(joinUnit(tx));
  const pool = await ipam.getPool({ pool: use.pool }).catch(() => null);
  if (!pool) return { use, outcome: 'refused', reason: `pool ${use.pool} does not exist` };
  const held = await tx.ipam.allocationByValue(pool.id, use.value);
  if (held?.owner === leaseOwnerId) {
    await tx.ipam.setOwner(held, use.owner);
    return { use, outcome: 'confirmed', reason: null };
  }
  if (held?.owner === use.owner) return { use, outcome: 'already_confirmed', reason: null };
  if (held) return { use, outcome: 'refused', reason: `${use.value} is in use by something else now` };
  try {
    await ipam.reserve({ pool: use.pool }, use.value, use.owner);
    return { use, outcome: 'reserved', reason: 'the lease no longer held it; it was still free' };
  } catch (error) {
    return { use, outcome: 'refused', reason: error instanceof Error ? error.message : String(error) };
  }
}

async function confirmName(
  tx: Repositories,
  leaseOwnerId: string,
  lease: LeaseRecord,
  use: Extract<LeaseUse, { kind: 'name' }>,
): Promise<LeaseUseOutcome> {
  const held = (await tx.naming.byOwner(leaseOwnerId)).find((name) => name.name === use.name);
  if (held) {
    await tx.naming.setOwner(held.id, use.owner);
    return { use, outcome: 'confirmed', reason: null };
  }
  if ((await tx.naming.byOwner(use.owner)).some((name) => name.name === use.name))
    return { use, outcome: 'already_confirmed', reason: null };
  return {
    use,
    outcome: 'refused',
    reason: lease.endedAt
      ? `the lease ${lease.endedReason ?? 'ended'}; the name was given back`
      : `${use.name} was not set aside by this lease`,
  };
}

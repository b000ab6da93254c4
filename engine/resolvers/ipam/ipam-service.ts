import { randomUUID } from 'node:crypto';
import { NimbusError, NotFoundError } from '../../errors.js';
import type { IpamPort, Repositories } from '../../store/ports/repositories.js';
import type { AllocationRecord, PoolRecord } from '../../store/ports/resolver-records.js';
import { joinUnit, type RepositoryScope } from '../../store/ports/store-port.js';
import {
  bitsOf,
  blockSize,
  cidrEnd,
  contains,
  formatAddress,
  formatCidr,
  overlaps,
  parseAddress,
  parseCidr,
  sortKey,
  type Cidr,
} from './cidr.js';
import { findFreeBlock, insertSorted, type Interval } from './free-block.js';

/** A pool as the API shows it, with how much of it is in use. */
export interface IpamPool {
  id: string;
  scope: string;
  name: string;
  cidr: string;
  family: 4 | 6;
  gateway: string | null;
  parentId: string | null;
  size: string;
  used: string;
  /** Share of the pool's addresses taken by allocations and child pools, 0..1. */
  utilisation: number;
}

export interface IpamAllocation {
  id: string;
  poolId: string;
  kind: 'address' | 'subnet' | 'child_pool';
  value: string;
  owner: string;
  createdAt: string;
}

/** What to take from a pool: the next free address, or the next free subnet of a prefix length. */
export type AllocationRequest = { kind: 'address' } | { kind: 'subnet'; prefix: number };

/** A pool reference: its id, or its name within a scope (default `global`). */
export interface PoolRef {
  pool: string;
  scope?: string;
}

export class IpamError extends NimbusError {
  override name = 'IpamError';
}

/** Owner prefix of a network scope whose network was released while addresses in it were still taken. */
export const RETIRING = 'retiring:';

const toInterval = (row: { startKey: string; endKey: string }): Interval => ({
  start: BigInt(`0x${row.startKey}`),
  end: BigInt(`0x${row.endKey}`),
});

const toPoolCidr = (pool: PoolRecord): Cidr => ({ family: pool.family, start: BigInt(`0x${pool.startKey}`), prefix: pool.prefix });

/** A pool's sorted occupied intervals as they stood at one `generation` of the pool. */
interface Occupancy {
  generation: number;
  occupied: Interval[];
}

/**
 * IP address management: nested IPv4/IPv6 pools, next-free address or subnet, reservation and release.
 *
 * Invariant: the live allocations of a pool (child pools included) never overlap. Every write runs in
 * one unit of work that reads the pool, picks a block and inserts it, so concurrent allocators —
 * other units, other processes — never pick the same block (the store serialises units that allocate
 * from one pool, see `IpamPort`), and a unique index on (pool, start) backs the rule up.
 *
 * Reads of a pool's occupancy are cached per pool `generation`. A unit keeps what it reads and writes
 * in its own working cache; only a unit this service opened and saw commit hands its entries to the
 * shared cache, so a rolled-back unit (whose generations the pool will count again with other
 * blocks) never leaves occupancy behind that a later allocation would trust.
 */
export class IpamService {
  /** Occupancy of committed states only, shared by every unit this service runs. */
  private committed = new Map<string, Occupancy>();
  /** The occupancy the open unit sees, for a service bound to one (null on the store itself). */
  private working: Map<string, Occupancy> | null = null;

  constructor(private readonly scope: RepositoryScope) {}

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): IpamService {
    return this.bind(joinUnit(tx), new Map());
  }

  private bind(scope: RepositoryScope, working: Map<string, Occupancy>): IpamService {
    const bound = new IpamService(scope);
    bound.committed = this.committed;
    bound.working = working;
    return bound;
  }

  private get repository(): IpamPort {
    return this.scope.ipam;
  }

  /**
   * Runs `work` in one unit of work: the caller's when this service is bound to one, else a new
   * unit whose cached occupancy becomes shared once it committed.
   */
  private async unit<T>(work: (service: IpamService) => Promise<T>): Promise<T> {
    if (this.working) return work(this);
    const working = new Map<string, Occupancy>();
    const result = await this.scope.unitOfWork((tx) => work(this.bind(joinUnit(tx), working)));
    for (const [poolId, entry] of working) {
      const known = this.committed.get(poolId);
      if (!known || known.generation < entry.generation) this.committed.set(poolId, entry);
    }
    return result;
  }

  async createPool(input: { name: string; cidr: string; scope?: string; parent?: string; gateway?: string }): Promise<IpamPool> {
    const scope = input.scope ?? 'global';
    const cidr = parseCidr(input.cidr);
    return this.unit((service) => service.createPoolHere(input, scope, cidr));
  }

  private async createPoolHere(input: { name: string; gateway?: string; parent?: string }, scope: string, cidr: Cidr): Promise<IpamPool> {
    if (await this.repository.poolByName(scope, input.name)) {
      throw new IpamError('ipam_pool_exists', `A pool named ${JSON.stringify(input.name)} already exists in scope ${scope}`, {
        scope,
        name: input.name,
      });
    }
    const parent = input.parent ? await this.resolvePool({ pool: input.parent, scope }) : undefined;
    if (parent) {
      const parentCidr = toPoolCidr(parent);
      if (!contains(parentCidr, cidr) || cidr.prefix <= parentCidr.prefix) {
        throw new IpamError(
          'ipam_not_inside_parent',
          `${formatCidr(cidr)} is not a proper part of the parent pool ${parent.name} (${parent.cidr})`,
          { parent: parent.name },
        );
      }
      const clash = (await this.repository.liveAllocations(parent.id)).find((row) => overlapsInterval(toInterval(row), cidr));
      if (clash) {
        throw new IpamError(
          'ipam_overlap',
          `${formatCidr(cidr)} overlaps ${clash.value} (${clash.kind.replace('_', ' ')}, owner ${clash.owner}) in pool ${parent.name}`,
          { conflict: clash.value },
        );
      }
    } else {
      const clash = (await this.repository.rootPools(scope, cidr.family)).find((pool) => overlaps(toPoolCidr(pool), cidr));
      if (clash) {
        throw new IpamError('ipam_overlap', `${formatCidr(cidr)} overlaps the pool ${clash.name} (${clash.cidr}) in scope ${scope}`, {
          conflict: clash.name,
        });
      }
    }
    const gateway = this.gatewayFor(cidr, input.gateway);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.repository.insertPool({
      id,
      scope,
      name: input.name,
      cidr: formatCidr(cidr),
      family: cidr.family,
      prefix: cidr.prefix,
      startKey: sortKey(cidr.start),
      endKey: sortKey(cidrEnd(cidr)),
      gateway,
      parentId: parent?.id ?? null,
      createdAt: now,
    });
    if (parent) await this.insert(parent, 'child_pool', cidr, `pool:${id}`, now);
    return this.describe((await this.repository.poolById(id))!);
  }

  async listPools(scope?: string): Promise<IpamPool[]> {
    const pools = (await this.repository.pools()).filter((pool) => scope === undefined || pool.scope === scope);
    return Promise.all(pools.map((pool) => this.describe(pool)));
  }

  async getPool(ref: PoolRef): Promise<IpamPool> {
    return this.describe(await this.resolvePool(ref));
  }

  async listAllocations(ref: PoolRef): Promise<IpamAllocation[]> {
    const pool = await this.resolvePool(ref);
    return (await this.repository.liveAllocations(pool.id)).map(toAllocation);
  }

  /** Takes the next free address or subnet; `owner` names what uses it, for release on destroy. */
  async allocate(ref: PoolRef, request: AllocationRequest, owner: string): Promise<IpamAllocation> {
    const [allocation] = await this.allocateMany(ref, request, owner, 1);
    return allocation!;
  }

  /** Takes `count` blocks in one unit of work: all of them, or none when the pool runs out. */
  async allocateMany(ref: PoolRef, request: AllocationRequest, owner: string, count: number): Promise<IpamAllocation[]> {
    return this.unit(async (service) => {
      const pool = await service.resolvePool(ref);
      const cidr = toPoolCidr(pool);
      const { size, lo, hi, label } = service.shape(pool, cidr, request);
      const occupied = await service.occupancy(pool, request.kind === 'address');
      const now = new Date().toISOString();
      // Picked first, inserted after: when the pool runs out part-way, nothing was written.
      const blocks: Cidr[] = [];
      let from = lo;
      for (let i = 0; i < count; i += 1) {
        const start = findFreeBlock(from, hi, size, occupied);
        if (start === null) {
          throw new IpamError(
            'ipam_exhausted',
            `Pool ${pool.name} (${pool.cidr}) has no free ${label} left${count > 1 ? ` (${i} of ${count} found)` : ''}`,
            {
              pool: pool.name,
              requested: label,
            },
          );
        }
        blocks.push({ family: cidr.family, start, prefix: bitsOf(cidr.family) - log2(size) });
        insertSorted(occupied, { start, end: start + size - 1n });
        // Blocks below `start` are full for this size; the next search can begin after it.
        from = start + size;
      }
      const taken: IpamAllocation[] = [];
      for (const block of blocks) taken.push(await service.insert(pool, request.kind, block, owner, now));
      return taken;
    });
  }

  /** Claims a specific address or subnet, refusing one outside the pool or already taken. */
  async reserve(ref: PoolRef, value: string, owner: string): Promise<IpamAllocation> {
    return this.unit(async (service) => {
      const pool = await service.resolvePool(ref);
      const cidr = toPoolCidr(pool);
      const isSubnet = value.includes('/');
      const block: Cidr = isSubnet
        ? parseCidr(value)
        : (({ family, value: start }) => ({ family, start, prefix: bitsOf(family) }))(parseAddress(value));
      if (!contains(cidr, block)) {
        throw new IpamError('ipam_outside_pool', `${value} is not inside pool ${pool.name} (${pool.cidr})`, { pool: pool.name, value });
      }
      if (!isSubnet) {
        const role = addressRole(pool, cidr, block.start);
        if (role) {
          throw new IpamError('ipam_reserved', `${value} is the ${role} of pool ${pool.name} (${pool.cidr}); it is never handed out`, {
            pool: pool.name,
            value,
            role,
          });
        }
      }
      const clash = (await service.occupancy(pool, false)).find((interval) => overlapsInterval(interval, block));
      if (clash) {
        throw new IpamError('ipam_in_use', `${value} overlaps an existing allocation in pool ${pool.name}`, { pool: pool.name, value });
      }
      return service.insert(pool, isSubnet ? 'subnet' : 'address', block, owner, new Date().toISOString());
    });
  }

  /** Releases one allocation by id, or by its value within a pool. Child pools are not released here. */
  async release(target: { id: string } | (PoolRef & { value: string })): Promise<IpamAllocation> {
    return this.unit(async (service) => {
      const repository = service.repository;
      const row =
        'id' in target
          ? await repository.allocationById(target.id)
          : await repository.allocationByValue((await service.resolvePool(target)).id, normaliseValue(target.value));
      if (!row) throw new NotFoundError('Allocation', 'id' in target ? target.id : target.value);
      if (row.kind === 'child_pool')
        throw new IpamError('ipam_child_pool', `${row.value} is a child pool; delete the pool instead`, { value: row.value });
      const now = new Date().toISOString();
      await repository.release(row, now);
      await service.dropIfRetiredAndEmpty(row.poolId, now);
      return toAllocation(row);
    });
  }

  /** Releases the address `value` that `owner` holds, if it does (an address its node no longer uses). */
  async releaseHeld(owner: string, value: string): Promise<IpamAllocation[]> {
    return this.unit(async (service) => {
      const rows = (await service.repository.liveByOwner(owner)).filter((row) => row.kind === 'address' && row.value === value);
      const now = new Date().toISOString();
      for (const row of rows) {
        await service.repository.release(row, now);
        await service.dropIfRetiredAndEmpty(row.poolId, now);
      }
      return rows.map(toAllocation);
    });
  }

  /**
   * Releases everything `owner` holds (a destroyed or failed deployment); returns what was released.
   * A network scope the owner holds (see {@link networkScope}) goes with it when it is empty. When
   * addresses are still taken in it (a member not destroyed yet), its block stays held — handed to
   * `retiring:<owner>` — until the last of them is released, so nothing in it is handed out twice and
   * no scope outlives its members.
   */
  async releaseOwner(owner: string): Promise<IpamAllocation[]> {
    return this.unit(async (service) => {
      const repository = service.repository;
      const rows = await repository.liveByOwner(owner);
      const now = new Date().toISOString();
      const released: AllocationRecord[] = [];
      for (const row of rows.filter((r) => r.kind !== 'child_pool')) {
        await repository.release(row, now);
        released.push(row);
      }
      for (const row of rows.filter((r) => r.kind === 'child_pool')) {
        const child = await service.childPoolOf(row);
        if (child && (await repository.liveAllocations(child.id)).length > 0) {
          await repository.setOwner(row, `${RETIRING}${owner}`);
          continue;
        }
        await repository.release(row, now);
        if (child) await service.dropPool(child, now);
        released.push(row);
      }
      for (const poolId of new Set(released.filter((row) => row.kind !== 'child_pool').map((row) => row.poolId)))
        await service.dropIfRetiredAndEmpty(poolId, now);
      return released.map(toAllocation);
    });
  }

  /**
   * The scope a network's members draw their addresses from: a child pool holding exactly the
   * network's subnet, so "next free" stays inside it and its gateway is the members' gateway.
   *
   * Found or made in this order: the child pool `owner` (the network's deployment) already holds for
   * the subnet; the subnet allocation `owner` holds, turned into a child pool (same block, same
   * owner); a pool that already has exactly this CIDR; a subnet allocation of exactly this CIDR in
   * `within`, turned into a child pool and left with its owner (the network's, when a preview asks);
   * a new child pool reserved in `within` (a subnet typed by hand). The scope belongs to the network's
   * owner and is released with it.
   */
  async networkScope(input: { cidr: string; owner: string; name: string; within?: PoolRef }): Promise<IpamPool> {
    const cidr = parseCidr(input.cidr);
    return this.unit((service) => service.networkScopeHere(input, cidr));
  }

  private async networkScopeHere(input: { owner: string; name: string; within?: PoolRef }, cidr: Cidr): Promise<IpamPool> {
    const repository = this.repository;
    const value = formatCidr(cidr);
    const now = new Date().toISOString();
    const held = (await repository.liveByOwner(input.owner)).find(
      (row) => row.value === value && (row.kind === 'child_pool' || row.kind === 'subnet'),
    );
    if (held?.kind === 'child_pool') {
      const child = await this.childPoolOf(held);
      if (child) return this.describe(child);
    }
    if (held) {
      const parent = (await repository.poolById(held.poolId))!;
      await repository.setKind(held, 'child_pool');
      return this.describe(await this.insertChildPool(parent, cidr, input.name, now));
    }
    const within = input.within ? await this.resolvePool(input.within) : undefined;
    const scope = within?.scope ?? input.within?.scope ?? 'global';
    const existing = (await repository.pools()).find((pool) => pool.scope === scope && pool.cidr === value);
    if (existing) return this.describe(existing);
    if (!within) {
      throw new IpamError('ipam_no_pool', `No IPAM pool holds ${value}, and no pool was given to reserve it in`, { cidr: value });
    }
    const parentCidr = toPoolCidr(within);
    if (!contains(parentCidr, cidr)) {
      throw new IpamError('ipam_outside_pool', `${value} is not inside pool ${within.name} (${within.cidr})`, {
        pool: within.name,
        cidr: value,
      });
    }
    const clash = (await repository.liveAllocations(within.id)).find((row) => overlapsInterval(toInterval(row), cidr));
    if (clash?.kind === 'subnet' && clash.value === value) {
      // The network's own subnet, asked for by someone else (a preview, whose owner is not the
      // network's deployment): it becomes the scope all the same, and stays its owner's.
      await repository.setKind(clash, 'child_pool');
      return this.describe(await this.insertChildPool(within, cidr, input.name, now));
    }
    if (clash) {
      throw new IpamError(
        'ipam_overlap',
        `${value} overlaps ${clash.value} (${clash.kind.replace('_', ' ')}, owner ${clash.owner}) in pool ${within.name}`,
        { pool: within.name, conflict: clash.value },
      );
    }
    const child = await this.insertChildPool(within, cidr, input.name, now);
    await this.insert(within, 'child_pool', cidr, input.owner, now);
    return this.describe(child);
  }

  /** The live child pool a `child_pool` allocation stands for. */
  private async childPoolOf(row: AllocationRecord): Promise<PoolRecord | undefined> {
    return (await this.repository.childPools(row.poolId)).find((pool) => pool.cidr === row.value);
  }

  private async insertChildPool(parent: PoolRecord, cidr: Cidr, name: string, now: string): Promise<PoolRecord> {
    let unique = name;
    for (let n = 2; await this.repository.poolByName(parent.scope, unique); n += 1) unique = `${name}-${n}`;
    const id = randomUUID();
    await this.repository.insertPool({
      id,
      scope: parent.scope,
      name: unique,
      cidr: formatCidr(cidr),
      family: cidr.family,
      prefix: cidr.prefix,
      startKey: sortKey(cidr.start),
      endKey: sortKey(cidrEnd(cidr)),
      gateway: this.gatewayFor(cidr, undefined),
      parentId: parent.id,
      createdAt: now,
    });
    return (await this.repository.poolById(id))!;
  }

  private async dropPool(pool: PoolRecord, now: string): Promise<void> {
    await this.repository.deletePool(pool.id, now);
    this.working?.delete(pool.id);
    this.committed.delete(pool.id);
  }

  /** Drops a retiring child pool once its last allocation is gone, giving its block back to the parent. */
  private async dropIfRetiredAndEmpty(poolId: string, now: string): Promise<void> {
    const pool = await this.repository.poolById(poolId);
    if (!pool?.parentId || (await this.repository.liveAllocations(pool.id)).length > 0) return;
    const holder = (await this.repository.liveAllocations(pool.parentId)).find(
      (row) => row.kind === 'child_pool' && row.value === pool.cidr,
    );
    if (!holder?.owner.startsWith(RETIRING)) return;
    await this.repository.release(holder, now);
    await this.dropPool(pool, now);
    await this.dropIfRetiredAndEmpty(pool.parentId, now);
  }

  private async resolvePool(ref: PoolRef): Promise<PoolRecord> {
    const pool = (await this.repository.poolById(ref.pool)) ?? (await this.repository.poolByName(ref.scope ?? 'global', ref.pool));
    if (!pool) throw new NotFoundError('IPAM pool', ref.pool);
    return pool;
  }

  /** IPv4 pools keep their first usable address as gateway (networks of /30 and larger); IPv6 its ::1. */
  private gatewayFor(cidr: Cidr, requested: string | undefined): string | null {
    if (requested !== undefined) {
      const { family, value } = parseAddress(requested);
      if (family !== cidr.family || value < cidr.start || value > cidrEnd(cidr)) {
        throw new IpamError('ipam_outside_pool', `The gateway ${requested} is not inside ${formatCidr(cidr)}`, { gateway: requested });
      }
      const edge = edgeRole(cidr, value);
      if (edge) {
        throw new IpamError(
          'ipam_invalid_gateway',
          `The gateway ${requested} is the ${edge} of ${formatCidr(cidr)}; choose a host address such as ${formatAddress(family, cidr.start + 1n)}`,
          {
            gateway: requested,
            role: edge,
          },
        );
      }
      return formatAddress(family, value);
    }
    const hostBits = bitsOf(cidr.family) - cidr.prefix;
    return hostBits >= 2 ? formatAddress(cidr.family, cidr.start + 1n) : null;
  }

  /** Block size and search bounds for a request; IPv4 addresses skip network and broadcast. */
  private shape(pool: PoolRecord, cidr: Cidr, request: AllocationRequest): { size: bigint; lo: bigint; hi: bigint; label: string } {
    const end = cidrEnd(cidr);
    if (request.kind === 'subnet') {
      const bits = bitsOf(cidr.family);
      if (!Number.isInteger(request.prefix) || request.prefix < cidr.prefix || request.prefix > bits) {
        throw new IpamError(
          'ipam_invalid_prefix',
          `A /${request.prefix} cannot be taken from pool ${pool.name} (${pool.cidr}): the prefix length must be from ${cidr.prefix} to ${bits}`,
          {
            pool: pool.name,
            prefix: request.prefix,
          },
        );
      }
      return { size: blockSize(cidr.family, request.prefix), lo: cidr.start, hi: end, label: `/${request.prefix} subnet` };
    }
    const hostBits = bitsOf(cidr.family) - cidr.prefix;
    const edges = hostBits >= 2;
    // IPv4: the network and broadcast addresses are not hosts. IPv6: the first is the subnet-router anycast.
    const lo = edges ? cidr.start + 1n : cidr.start;
    const hi = edges && cidr.family === 4 ? end - 1n : end;
    return { size: 1n, lo, hi, label: 'address' };
  }

  /**
   * Sorted occupied intervals of a pool as the open unit sees them; for address requests the gateway
   * counts as occupied. Cached per generation: the unit's own entry first, then a committed one.
   */
  private async occupancy(pool: PoolRecord, includeGateway: boolean): Promise<Interval[]> {
    const working = this.working!;
    const generation = await this.repository.generation(pool.id);
    let cached = working.get(pool.id);
    if (!cached || cached.generation !== generation) {
      const committed = this.committed.get(pool.id);
      cached =
        committed && committed.generation === generation
          ? { generation, occupied: [...committed.occupied] }
          : { generation, occupied: (await this.repository.liveAllocations(pool.id)).map(toInterval) };
      working.set(pool.id, cached);
    }
    const occupied = [...cached.occupied];
    if (includeGateway && pool.gateway) {
      const gateway = parseAddress(pool.gateway).value;
      if (!occupied.some((interval) => interval.start <= gateway && gateway <= interval.end))
        insertSorted(occupied, { start: gateway, end: gateway });
    }
    return occupied;
  }

  private async insert(pool: PoolRecord, kind: AllocationRecord['kind'], block: Cidr, owner: string, now: string): Promise<IpamAllocation> {
    const row: AllocationRecord = {
      id: randomUUID(),
      poolId: pool.id,
      kind,
      value: kind === 'address' ? formatAddress(block.family, block.start) : formatCidr(block),
      startKey: sortKey(block.start),
      endKey: sortKey(cidrEnd(block)),
      owner,
      createdAt: now,
    };
    const before = await this.repository.generation(pool.id);
    // The pool is locked by now (see IpamPort): a delete that committed meanwhile shows here.
    if (!(await this.repository.poolById(pool.id))) throw new NotFoundError('IPAM pool', pool.name);
    await this.repository.insertAllocation(row);
    const cached = this.working?.get(pool.id);
    if (cached && cached.generation === before) {
      insertSorted(cached.occupied, toInterval(row));
      cached.generation = before + 1;
    }
    return toAllocation(row);
  }

  private async describe(pool: PoolRecord): Promise<IpamPool> {
    const cidr = toPoolCidr(pool);
    const size = blockSize(cidr.family, cidr.prefix);
    const used = (await this.repository.liveAllocations(pool.id)).reduce((sum, row) => {
      const interval = toInterval(row);
      return sum + interval.end - interval.start + 1n;
    }, 0n);
    return {
      id: pool.id,
      scope: pool.scope,
      name: pool.name,
      cidr: pool.cidr,
      family: pool.family,
      gateway: pool.gateway,
      parentId: pool.parentId,
      size: size.toString(),
      used: used.toString(),
      utilisation: Number((used * 1_000_000n) / size) / 1_000_000,
    };
  }
}

/** Addresses of a block that are never hosts: IPv4 network and broadcast, IPv6 subnet-router anycast (blocks of 4 or more). */
function edgeRole(cidr: Cidr, address: bigint): 'network address' | 'broadcast address' | null {
  if (bitsOf(cidr.family) - cidr.prefix < 2) return null;
  if (address === cidr.start) return 'network address';
  if (cidr.family === 4 && address === cidrEnd(cidr)) return 'broadcast address';
  return null;
}

/** What an address is to its pool when it must never be handed out: an edge of the block, or the gateway. */
function addressRole(pool: PoolRecord, cidr: Cidr, address: bigint): string | null {
  const edge = edgeRole(cidr, address);
  if (edge) return edge;
  return pool.gateway && parseAddress(pool.gateway).value === address ? 'gateway' : null;
}

function overlapsInterval(interval: Interval, block: Cidr): boolean {
  return interval.start <= cidrEnd(block) && block.start <= interval.end;
}

function log2(size: bigint): number {
  return size.toString(2).length - 1;
}

function normaliseValue(value: string): string {
  if (value.includes('/')) return formatCidr(parseCidr(value));
  const { family, value: address } = parseAddress(value);
  return formatAddress(family, address);
}

function toAllocation(row: AllocationRecord): IpamAllocation {
  return { id: row.id, poolId: row.poolId, kind: row.kind, value: row.value, owner: row.owner, createdAt: row.createdAt };
}

import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, parentTenant } from './rows/tenant-sql.js';
import { type AllocationRow, type PoolRow, toAllocation, toPool } from './rows/ipam-rows.js';
import { mapRow } from './rows/decode.js';
import type { PoolRecord, AllocationRecord } from './ports/resolver-records.js';
export type { PoolRecord, AllocationRecord } from './ports/resolver-records.js';

/**
 * SQL of IPAM. Writers run inside {@link IpamRepository.writeTransaction}, an IMMEDIATE transaction:
 * SQLite then lets one connection — in any process — write at a time, so two allocators never see the
 * same free block.
 */
export class IpamRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      poolById: db.prepare<[string], PoolRow>(`SELECT * FROM ipam_pools WHERE id = ? AND deleted_at IS NULL AND ${own()}`),
      poolByName: db.prepare<[string, string], PoolRow>(
        `SELECT * FROM ipam_pools WHERE scope = ? AND name = ? AND deleted_at IS NULL AND ${own()}`,
      ),
      pools: db.prepare<[], PoolRow>(`SELECT * FROM ipam_pools WHERE deleted_at IS NULL AND ${own()} ORDER BY scope, start_key, prefix`),
      rootPools: db.prepare<[string, number], PoolRow>(
        `SELECT * FROM ipam_pools WHERE scope = ? AND family = ? AND parent_id IS NULL AND deleted_at IS NULL AND ${own()}`,
      ),
      insertPool: db.prepare(
        `INSERT INTO ipam_pools (id, scope, name, cidr, family, prefix, start_key, end_key, gateway, parent_id, created_at, tenant)
         VALUES (@id, @scope, @name, @cidr, @family, @prefix, @startKey, @endKey, @gateway, @parentId, @createdAt, ${NEW_TENANT})`,
      ),
      bumpGeneration: db.prepare(`UPDATE ipam_pools SET generation = generation + 1 WHERE id = ? AND ${own()}`),
      generation: db.prepare<[string], { generation: number }>(`SELECT generation FROM ipam_pools WHERE id = ? AND ${own()}`),
      liveAllocations: db.prepare<[string], AllocationRow>(
        `SELECT * FROM ipam_allocations WHERE pool_id = ? AND released_at IS NULL AND ${own()} ORDER BY start_key`,
      ),
      insertAllocation: db.prepare(
        `INSERT INTO ipam_allocations (id, pool_id, kind, value, start_key, end_key, owner, created_at, tenant)
         VALUES (@id, @poolId, @kind, @value, @startKey, @endKey, @owner, @createdAt, ${parentTenant('ipam_pools', '@poolId')})`,
      ),
      allocationById: db.prepare<[string], AllocationRow>(
        `SELECT * FROM ipam_allocations WHERE id = ? AND released_at IS NULL AND ${own()}`,
      ),
      allocationByValue: db.prepare<[string, string], AllocationRow>(
        `SELECT * FROM ipam_allocations WHERE pool_id = ? AND value = ? AND released_at IS NULL AND ${own()}`,
      ),
      liveByOwner: db.prepare<[string], AllocationRow>(
        `SELECT * FROM ipam_allocations WHERE owner = ? AND released_at IS NULL AND ${own()}`,
      ),
      release: db.prepare(`UPDATE ipam_allocations SET released_at = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
      setKind: db.prepare(`UPDATE ipam_allocations SET kind = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
      setOwner: db.prepare(`UPDATE ipam_allocations SET owner = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
      childPools: db.prepare<[string], PoolRow>(
        `SELECT * FROM ipam_pools WHERE parent_id = ? AND deleted_at IS NULL AND ${own()} ORDER BY start_key`,
      ),
      deletePool: db.prepare(`UPDATE ipam_pools SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${own()}`),
      renamePool: db.prepare(`UPDATE ipam_pools SET name = ? WHERE id = ? AND deleted_at IS NULL AND ${own()}`),
      usage: db.prepare<[], { pool_id: string; kind: string; count: number }>(
        `SELECT pool_id, kind, count(*) AS count FROM ipam_allocations WHERE released_at IS NULL AND ${own()} GROUP BY pool_id, kind`,
      ),
    };
  }

  /** Runs `work` in an IMMEDIATE transaction: it holds the write lock from its first statement. */
  writeTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  poolById(id: string): PoolRecord | undefined {
    return mapRow(this.statements.poolById.get(id), toPool);
  }

  poolByName(scope: string, name: string): PoolRecord | undefined {
    return mapRow(this.statements.poolByName.get(scope, name), toPool);
  }

  pools(): PoolRecord[] {
    return this.statements.pools.all().map(toPool);
  }

  rootPools(scope: string, family: 4 | 6): PoolRecord[] {
    return this.statements.rootPools.all(scope, family).map(toPool);
  }

  insertPool(pool: Omit<PoolRecord, 'generation'>): void {
    this.statements.insertPool.run(pool);
  }

  generation(poolId: string): number {
    return this.statements.generation.get(poolId)?.generation ?? -1;
  }

  liveAllocations(poolId: string): AllocationRecord[] {
    return this.statements.liveAllocations.all(poolId).map(toAllocation);
  }

  insertAllocation(allocation: AllocationRecord): void {
    this.statements.insertAllocation.run(allocation);
    this.statements.bumpGeneration.run(allocation.poolId);
  }

  allocationById(id: string): AllocationRecord | undefined {
    return mapRow(this.statements.allocationById.get(id), toAllocation);
  }

  allocationByValue(poolId: string, value: string): AllocationRecord | undefined {
    return mapRow(this.statements.allocationByValue.get(poolId, value), toAllocation);
  }

  liveByOwner(owner: string): AllocationRecord[] {
    return this.statements.liveByOwner.all(owner).map(toAllocation);
  }

  release(allocation: AllocationRecord, at: string): void {
    this.statements.release.run(at, allocation.id);
    this.statements.bumpGeneration.run(allocation.poolId);
  }

  /** Turns a live subnet allocation into the allocation of a child pool (same block, same owner). */
  setKind(allocation: AllocationRecord, kind: AllocationRecord['kind']): void {
    this.statements.setKind.run(kind, allocation.id);
    this.statements.bumpGeneration.run(allocation.poolId);
  }

  /** Hands a live allocation to another owner. */
  setOwner(allocation: AllocationRecord, owner: string): void {
    this.statements.setOwner.run(owner, allocation.id);
    this.statements.bumpGeneration.run(allocation.poolId);
  }

  /** Live pools nested directly in `parentId`. */
  childPools(parentId: string): PoolRecord[] {
    return this.statements.childPools.all(parentId).map(toPool);
  }

  /** Soft-deletes a pool (its row stays for the history of its allocations). */
  deletePool(poolId: string, at: string): void {
    this.statements.deletePool.run(at, poolId);
  }

  /** Live allocation counts per pool and kind. */
  usage(): { poolId: string; kind: string; count: number }[] {
    return this.statements.usage.all().map((row) => ({ poolId: row.pool_id, kind: row.kind, count: row.count }));
  }

  /** Renames a live pool (pool edits); false when the scope has none with that id. */
  renamePool(poolId: string, name: string): boolean {
    return this.statements.renamePool.run(name, poolId).changes > 0;
  }
}

import type { AllocationRecord, PoolRecord } from '../ports/resolver-records.js';
import { own } from '../rows/tenant-sql.js';
import { type AllocationRow, type PoolRow, toAllocation, toPool } from '../rows/ipam-rows.js';
import type { Sql } from './sql.js';

/**
 * IPAM pools and allocations. Units of work run side by side here, so a unit that reads what a pool
 * holds (its generation, its live allocations, an allocation by value) first locks the pool's row
 * (`SELECT … FOR UPDATE`, once per unit): another unit reading the same pool waits until this one
 * commits or rolls back, then sees what it wrote. The unique index on a pool's live starts backs
 * that up for writers that skip the read. Every allocation change moves the pool's generation on.
 */
export class PgIpamRepository {
  async poolById(sql: Sql, id: string): Promise<PoolRecord | undefined> {
    const row = await sql.row<PoolRow>(`SELECT * FROM ipam_pools WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [id]);
    return row && toPool(row);
  }

  async poolByName(sql: Sql, scope: string, name: string): Promise<PoolRecord | undefined> {
    const row = await sql.row<PoolRow>(`SELECT * FROM ipam_pools WHERE scope = $1 AND name = $2 AND deleted_at IS NULL AND ${own()}`, [
      scope,
      name,
    ]);
    return row && toPool(row);
  }

  async pools(sql: Sql): Promise<PoolRecord[]> {
    return (
      await sql.rows<PoolRow>(`SELECT * FROM ipam_pools WHERE deleted_at IS NULL AND ${own()} ORDER BY scope, start_key, prefix`)
    ).map(toPool);
  }

  async rootPools(sql: Sql, scope: string, family: 4 | 6): Promise<PoolRecord[]> {
    const rows = await sql.rows<PoolRow>(
      `SELECT * FROM ipam_pools WHERE scope = $1 AND family = $2 AND parent_id IS NULL AND deleted_at IS NULL AND ${own()}`,
      [scope, family],
    );
    return rows.map(toPool);
  }

  async insertPool(sql: Sql, pool: Omit<PoolRecord, 'generation'>): Promise<void> {
    await sql.run(
      `INSERT INTO ipam_pools (id, scope, name, cidr, family, prefix, start_key, end_key, gateway, parent_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        pool.id,
        pool.scope,
        pool.name,
        pool.cidr,
        pool.family,
        pool.prefix,
        pool.startKey,
        pool.endKey,
        pool.gateway,
        pool.parentId,
        pool.createdAt,
      ],
    );
  }

  async generation(sql: Sql, poolId: string): Promise<number> {
    const locking = sql.unit !== undefined && !sql.unit.pools.has(poolId);
    const row = await sql.row<{ generation: number }>(
      `SELECT generation FROM ipam_pools WHERE id = $1 AND ${own()}${locking ? ' FOR UPDATE' : ''}`,
      [poolId],
    );
    if (locking && row) sql.unit!.pools.add(poolId);
    return row?.generation ?? -1;
  }

  async liveAllocations(sql: Sql, poolId: string): Promise<AllocationRecord[]> {
    await lockPool(sql, poolId);
    const rows = await sql.rows<AllocationRow>(
      `SELECT * FROM ipam_allocations WHERE pool_id = $1 AND released_at IS NULL AND ${own()} ORDER BY start_key`,
      [poolId],
    );
    return rows.map(toAllocation);
  }

  async insertAllocation(sql: Sql, allocation: AllocationRecord): Promise<void> {
    await sql.run(
      `INSERT INTO ipam_allocations (id, pool_id, kind, value, start_key, end_key, owner, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        allocation.id,
        allocation.poolId,
        allocation.kind,
        allocation.value,
        allocation.startKey,
        allocation.endKey,
        allocation.owner,
        allocation.createdAt,
      ],
    );
    await bumpGeneration(sql, allocation.poolId);
  }

  async allocationById(sql: Sql, id: string): Promise<AllocationRecord | undefined> {
    const row = await sql.row<AllocationRow>(`SELECT * FROM ipam_allocations WHERE id = $1 AND released_at IS NULL AND ${own()}`, [id]);
    return row && toAllocation(row);
  }

  async allocationByValue(sql: Sql, poolId: string, value: string): Promise<AllocationRecord | undefined> {
    await lockPool(sql, poolId);
    const row = await sql.row<AllocationRow>(
      `SELECT * FROM ipam_allocations WHERE pool_id = $1 AND value = $2 AND released_at IS NULL AND ${own()}`,
      [poolId, value],
    );
    return row && toAllocation(row);
  }

  async liveByOwner(sql: Sql, owner: string): Promise<AllocationRecord[]> {
    return (
      await sql.rows<AllocationRow>(
        `SELECT * FROM ipam_allocations WHERE owner = $1 AND released_at IS NULL AND ${own()} ORDER BY created_at, id`,
        [owner],
      )
    ).map(toAllocation);
  }

  async release(sql: Sql, allocation: AllocationRecord, at: string): Promise<void> {
    await sql.run(`UPDATE ipam_allocations SET released_at = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [allocation.id, at]);
    await bumpGeneration(sql, allocation.poolId);
  }

  /** Turns a live subnet allocation into the allocation of a child pool (same block, same owner). */
  async setKind(sql: Sql, allocation: AllocationRecord, kind: AllocationRecord['kind']): Promise<void> {
    await sql.run(`UPDATE ipam_allocations SET kind = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [allocation.id, kind]);
    await bumpGeneration(sql, allocation.poolId);
  }

  /** Hands a live allocation to another owner. */
  async setOwner(sql: Sql, allocation: AllocationRecord, owner: string): Promise<void> {
    await sql.run(`UPDATE ipam_allocations SET owner = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [allocation.id, owner]);
    await bumpGeneration(sql, allocation.poolId);
  }

  async childPools(sql: Sql, parentId: string): Promise<PoolRecord[]> {
    return (
      await sql.rows<PoolRow>(`SELECT * FROM ipam_pools WHERE parent_id = $1 AND deleted_at IS NULL AND ${own()} ORDER BY start_key`, [
        parentId,
      ])
    ).map(toPool);
  }

  /** Soft-deletes a pool (its row stays for the history of its allocations). */
  async deletePool(sql: Sql, poolId: string, at: string): Promise<void> {
    await sql.run(`UPDATE ipam_pools SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [poolId, at]);
  }

  /** Renames a live pool (pool edits); false when the scope has none with that id. */
  async renamePool(sql: Sql, poolId: string, name: string): Promise<boolean> {
    return (await sql.run(`UPDATE ipam_pools SET name = $2 WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [poolId, name])) > 0;
  }

  async usage(sql: Sql): Promise<{ poolId: string; kind: string; count: number }[]> {
    const rows = await sql.rows<{ pool_id: string; kind: string; count: number }>(
      `SELECT pool_id, kind, count(*)::integer AS count FROM ipam_allocations WHERE released_at IS NULL AND ${own()} GROUP BY pool_id, kind ORDER BY pool_id, kind`,
    );
    return rows.map((row) => ({ poolId: row.pool_id, kind: row.kind, count: row.count }));
  }
}

/** Locks a pool's row for the rest of the unit of work, the first time the unit reads what the pool holds. */
async function lockPool(sql: Sql, poolId: string): Promise<void> {
  if (!sql.unit || sql.unit.pools.has(poolId)) return;
  await sql.run(`SELECT 1 FROM ipam_pools WHERE id = $1 AND ${own()} FOR UPDATE`, [poolId]);
  sql.unit.pools.add(poolId);
}

/** Moves a pool's generation on (the update locks its row until the transaction ends, too). */
async function bumpGeneration(sql: Sql, poolId: string): Promise<void> {
  await sql.run(`UPDATE ipam_pools SET generation = generation + 1 WHERE id = $1 AND ${own()}`, [poolId]);
  sql.unit?.pools.add(poolId);
}

import { randomUUID } from 'node:crypto';
import { cidrEnd, formatAddress, parseAddress, sortKey } from '../../engine/resolvers/ipam/cidr.js';
import { findFreeBlock, insertSorted, type Interval } from '../../engine/resolvers/ipam/free-block.js';
import { openSqlite, type SqliteDatabase } from '../../engine/store/sqlite.js';

/** The columns of `ipam_pools` this baseline reads straight from the table. */
interface PoolRow {
  name: string;
  family: 4 | 6;
  prefix: number;
  start_key: string;
  gateway: string | null;
}

/** The columns of `ipam_allocations` that bound a block. */
interface AllocationRow {
  start_key: string;
  end_key: string;
}

const toInterval = (row: { start_key: string; end_key: string }): Interval => ({
  start: BigInt(`0x${row.start_key}`),
  end: BigInt(`0x${row.end_key}`),
});

/**
 * Naive baseline for IPAM: one IMMEDIATE transaction per address, and inside it the pool's whole
 * occupancy is read back from the table (no cache), so allocation `k` reads `k` rows. Same schema,
 * same pragmas (through the store's SQLite adapter) and the same free-block rule as IpamService, so it
 * hands out the same addresses in the same order; only the strategy differs.
 */
export class FullScanAllocator {
  private readonly db: SqliteDatabase;
  private readonly statements;

  constructor(databaseFile: string) {
    this.db = openSqlite(databaseFile);
    this.statements = {
      pool: this.db.prepare<[string], PoolRow>('SELECT * FROM ipam_pools WHERE id = ? AND deleted_at IS NULL'),
      live: this.db.prepare<[string], Pick<AllocationRow, 'start_key' | 'end_key'>>(
        'SELECT start_key, end_key FROM ipam_allocations WHERE pool_id = ? AND released_at IS NULL ORDER BY start_key',
      ),
      insert: this.db.prepare(
        `INSERT INTO ipam_allocations (id, pool_id, kind, value, start_key, end_key, owner, created_at)
         VALUES (@id, @pool_id, @kind, @value, @start_key, @end_key, @owner, @created_at)`,
      ),
      bump: this.db.prepare('UPDATE ipam_pools SET generation = generation + 1 WHERE id = ?'),
    };
  }

  /** The next free IPv4/IPv6 host address of the pool, committed before returning. */
  allocateAddress(poolId: string, owner: string): string {
    return this.db
      .transaction(() => {
        const pool = this.statements.pool.get(poolId);
        if (!pool) throw new Error(`no pool ${poolId}`);
        const start = BigInt(`0x${pool.start_key}`);
        const end = cidrEnd({ family: pool.family, start, prefix: pool.prefix });
        const occupied = this.statements.live.all(poolId).map(toInterval);
        if (pool.gateway) {
          const gateway = parseAddress(pool.gateway).value;
          if (!occupied.some((interval) => interval.start <= gateway && gateway <= interval.end))
            insertSorted(occupied, { start: gateway, end: gateway });
        }
        const edges = (pool.family === 4 ? 32 : 128) - pool.prefix >= 2;
        const lo = edges ? start + 1n : start;
        const hi = edges && pool.family === 4 ? end - 1n : end;
        const found = findFreeBlock(lo, hi, 1n, occupied);
        if (found === null) throw new Error(`pool ${pool.name} is full`);
        const value = formatAddress(pool.family, found);
        this.statements.insert.run({
          id: randomUUID(),
          pool_id: poolId,
          kind: 'address',
          value,
          start_key: sortKey(found),
          end_key: sortKey(found),
          owner,
          created_at: new Date().toISOString(),
        });
        this.statements.bump.run(poolId);
        return value;
      })
      .immediate();
  }

  dispose(): void {
    this.db.close();
  }
}

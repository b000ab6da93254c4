/** The IPAM tables' rows as both stores read them, and their records. */
import type { AllocationRecord, PoolRecord } from '../ports/resolver-records.js';

/** A row of `ipam_pools`. */
export interface PoolRow {
  id: string;
  scope: string;
  name: string;
  cidr: string;
  family: 4 | 6;
  prefix: number;
  start_key: string;
  end_key: string;
  gateway: string | null;
  parent_id: string | null;
  generation: number;
  created_at: string;
}

/** A row of `ipam_allocations`. */
export interface AllocationRow {
  id: string;
  pool_id: string;
  kind: AllocationRecord['kind'];
  value: string;
  start_key: string;
  end_key: string;
  owner: string;
  created_at: string;
}

/** The record of a pool row. */
export const toPool = (row: PoolRow): PoolRecord => ({
  id: row.id,
  scope: row.scope,
  name: row.name,
  cidr: row.cidr,
  family: row.family,
  prefix: row.prefix,
  startKey: row.start_key,
  endKey: row.end_key,
  gateway: row.gateway,
  parentId: row.parent_id,
  generation: row.generation,
  createdAt: row.created_at,
});

/** The record of an allocation row. */
export const toAllocation = (row: AllocationRow): AllocationRecord => ({
  id: row.id,
  poolId: row.pool_id,
  kind: row.kind,
  value: row.value,
  startKey: row.start_key,
  endKey: row.end_key,
  owner: row.owner,
  createdAt: row.created_at,
});

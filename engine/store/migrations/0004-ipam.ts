import type { Migration } from '../migration.js';

/**
 * IPAM pools (nested through parent_id) and allocations. Addresses are stored as fixed-width hex keys
 * so text order is numeric order for IPv4 and IPv6 alike. `generation` changes with every allocation
 * or release in a pool, so a process can tell whether its cached view of the pool is still current.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'ipam',
  up(db) {
    db.exec(`
      CREATE TABLE ipam_pools (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        cidr TEXT NOT NULL,
        family INTEGER NOT NULL CHECK (family IN (4, 6)),
        prefix INTEGER NOT NULL,
        start_key TEXT NOT NULL,
        end_key TEXT NOT NULL,
        gateway TEXT,
        parent_id TEXT REFERENCES ipam_pools (id),
        generation INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX ipam_pools_live_name ON ipam_pools (scope, name) WHERE deleted_at IS NULL;
      CREATE INDEX ipam_pools_parent ON ipam_pools (parent_id);

      CREATE TABLE ipam_allocations (
        id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL REFERENCES ipam_pools (id),
        kind TEXT NOT NULL CHECK (kind IN ('address', 'subnet', 'child_pool')),
        value TEXT NOT NULL,
        start_key TEXT NOT NULL,
        end_key TEXT NOT NULL,
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL,
        released_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX ipam_allocations_live_start ON ipam_allocations (pool_id, start_key) WHERE released_at IS NULL;
      CREATE INDEX ipam_allocations_owner ON ipam_allocations (owner) WHERE released_at IS NULL;
    `);
  },
};

import type { Migration } from '../migration.js';

/**
 * What a desktop drew from its leases while planning offline: each address or name, the lease it came
 * from, and the node input that holds it (per server and tenant). A node keeps its draw across plans;
 * one value is drawn once per lease (`lease_draws_value`, among draws not refused); a node input holds
 * one live draw (`lease_draws_slot`). On sync each draw is confirmed with the server (`confirmed`) or
 * refused with the server's reason (`refused`, kept so the user is told which value changed and why).
 */
export const migration0024: Migration = {
  version: 24,
  name: 'lease-draws',
  up(db) {
    db.exec(`
      CREATE TABLE lease_draws (
        id TEXT PRIMARY KEY,
        server_url TEXT NOT NULL,
        server_tenant TEXT NOT NULL,
        lease_id TEXT NOT NULL,
        environment TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('address', 'name')),
        pool TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL,
        fqdn TEXT,
        topology TEXT NOT NULL,
        node TEXT NOT NULL,
        label TEXT NOT NULL,
        field TEXT NOT NULL,
        owner TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('provisional', 'confirmed', 'refused')),
        outcome TEXT,
        reason TEXT,
        drawn_at TEXT NOT NULL,
        settled_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX lease_draws_value ON lease_draws (server_url, server_tenant, lease_id, kind, pool, value) WHERE status <> 'refused';
      CREATE UNIQUE INDEX lease_draws_slot ON lease_draws (server_url, server_tenant, environment, topology, node, field) WHERE status <> 'refused';
      CREATE INDEX lease_draws_status ON lease_draws (server_url, server_tenant, status);
    `);
  },
};

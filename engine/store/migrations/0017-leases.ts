import type { Migration } from '../migration.js';

/** Offline leases: addresses and names set aside for one desktop (they are allocations and names owned by the lease). */
export const migration0017: Migration = {
  version: 17,
  name: 'leases',
  up(db) {
    db.exec(`
      CREATE TABLE leases (
        id TEXT PRIMARY KEY,
        environment TEXT NOT NULL,
        client TEXT NOT NULL,
        actor TEXT,
        granted_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT,
        ended_reason TEXT,
        tenant TEXT NOT NULL DEFAULT 'default'
      ) STRICT;
      CREATE INDEX leases_live ON leases (tenant, expires_at) WHERE ended_at IS NULL;
      CREATE INDEX leases_client ON leases (tenant, client);
    `);
  },
};

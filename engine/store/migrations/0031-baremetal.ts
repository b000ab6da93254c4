import type { Migration } from '../migration.js';

/**
 * The bare-metal provider registry. `baremetal_registries`: Git repositories of provider TOML files
 * (name unique per tenant) with the outcome of their last sync (JSON). `baremetal_machines`: the
 * machines of each registry's last good sync (JSON), one id per tenant. `baremetal_reservations`: a
 * machine held by a node; the partial unique index allows one live reservation per machine, which is
 * what keeps two nodes off one machine however their plans interleave.
 */
export const migration0031: Migration = {
  version: 31,
  name: 'baremetal',
  up(db) {
    db.exec(`
      CREATE TABLE baremetal_registries (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_sync TEXT,
        tenant TEXT NOT NULL DEFAULT 'default'
      ) STRICT;
      CREATE UNIQUE INDEX baremetal_registries_name ON baremetal_registries (tenant, name);

      CREATE TABLE baremetal_machines (
        tenant TEXT NOT NULL DEFAULT 'default',
        id TEXT NOT NULL,
        registry_id TEXT NOT NULL REFERENCES baremetal_registries (id),
        data TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      ) STRICT;
      CREATE INDEX baremetal_machines_registry ON baremetal_machines (registry_id);

      CREATE TABLE baremetal_reservations (
        id TEXT PRIMARY KEY,
        machine_id TEXT NOT NULL,
        owner TEXT NOT NULL,
        node TEXT NOT NULL,
        reserved_at TEXT NOT NULL,
        released_at TEXT,
        tenant TEXT NOT NULL DEFAULT 'default'
      ) STRICT;
      CREATE UNIQUE INDEX baremetal_reservations_live ON baremetal_reservations (tenant, machine_id) WHERE released_at IS NULL;
      CREATE INDEX baremetal_reservations_owner ON baremetal_reservations (tenant, owner) WHERE released_at IS NULL;
    `);
  },
};

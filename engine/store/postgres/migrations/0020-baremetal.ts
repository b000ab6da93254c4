import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * The bare-metal provider registry (see the SQLite migration 0031): registries with their last sync,
 * the machines of their last good sync, and reservations, at most one live per machine (a partial
 * unique index: two units reserving one machine at once, one wins, the other inserts nothing). Tenant
 * tables with row-level security like the others.
 */
export const migration0020: PostgresMigration = {
  version: 20,
  name: 'baremetal',
  async up(sql) {
    await sql.run(`
      CREATE TABLE baremetal_registries (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        last_sync jsonb,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant()
      );
      CREATE UNIQUE INDEX baremetal_registries_name ON baremetal_registries (tenant, name);

      CREATE TABLE baremetal_machines (
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        id text COLLATE "C" NOT NULL,
        registry_id text COLLATE "C" NOT NULL REFERENCES baremetal_registries (id),
        data jsonb NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      CREATE INDEX baremetal_machines_registry ON baremetal_machines (registry_id);

      CREATE TABLE baremetal_reservations (
        id text COLLATE "C" PRIMARY KEY,
        machine_id text COLLATE "C" NOT NULL,
        owner text COLLATE "C" NOT NULL,
        node text COLLATE "C" NOT NULL,
        reserved_at timestamptz NOT NULL,
        released_at timestamptz,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant()
      );
      CREATE UNIQUE INDEX baremetal_reservations_live ON baremetal_reservations (tenant, machine_id) WHERE released_at IS NULL;
      CREATE INDEX baremetal_reservations_owner ON baremetal_reservations (tenant, owner) WHERE released_at IS NULL;
    `);
    for (const table of ['baremetal_registries', 'baremetal_machines', 'baremetal_reservations']) {
      await sql.run(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await sql.run(`CREATE POLICY tenant_rows ON ${table} FOR ALL USING ${own()} WITH CHECK ${own()}`);
    }
  },
};

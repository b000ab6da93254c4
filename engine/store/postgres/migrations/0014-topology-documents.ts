import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Shared topology documents: one CRDT snapshot per topology with the heads after its last write and a
 * version for compare-and-set between processes, and the append-only log of change messages written
 * after the snapshot (`seq` is the version the append made). Tenant tables with row-level security.
 */
export const migration0014: PostgresMigration = {
  version: 14,
  name: 'topology-documents',
  async up(sql) {
    await sql.run(`
      CREATE TABLE topology_documents (
        topology_id text COLLATE "C" PRIMARY KEY,
        snapshot bytea NOT NULL,
        heads jsonb NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant()
      );
      CREATE TABLE topology_document_changes (
        topology_id text COLLATE "C" NOT NULL,
        seq integer NOT NULL,
        message bytea NOT NULL,
        created_at timestamptz NOT NULL,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        PRIMARY KEY (topology_id, seq)
      );
      ALTER TABLE topology_documents ENABLE ROW LEVEL SECURITY;
      ALTER TABLE topology_documents FORCE ROW LEVEL SECURITY;
      ALTER TABLE topology_document_changes ENABLE ROW LEVEL SECURITY;
      ALTER TABLE topology_document_changes FORCE ROW LEVEL SECURITY;
    `);
    await sql.run(`CREATE POLICY tenant_rows ON topology_documents FOR ALL USING ${own()} WITH CHECK ${own()}`);
    await sql.run(`CREATE POLICY tenant_rows ON topology_document_changes FOR ALL USING ${own()} WITH CHECK ${own()}`);
  },
};

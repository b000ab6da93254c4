import { visible, writable } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * Catalog drafts as shared CRDT documents: one document per component or stack draft, with its
 * heads, the draft record's revision it matched, and a version for compare-and-set between processes.
 * It lives in the draft's tenant (none for provider-level drafts), and row-level security lets a
 * scope read what it may see of the catalog and write what it may change, like the drafts themselves.
 */
export const migration0015: PostgresMigration = {
  version: 15,
  name: 'draft-documents',
  async up(sql) {
    await sql.run(`
      CREATE TABLE draft_documents (
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('component', 'stack')),
        draft_id text COLLATE "C" NOT NULL,
        document bytea NOT NULL,
        heads jsonb NOT NULL,
        record_revision integer NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        tenant text COLLATE "C",
        PRIMARY KEY (kind, draft_id)
      );
      ALTER TABLE draft_documents ENABLE ROW LEVEL SECURITY;
      ALTER TABLE draft_documents FORCE ROW LEVEL SECURITY;
    `);
    await sql.run(`CREATE POLICY tenant_read ON draft_documents FOR SELECT USING ${visible()}`);
    await sql.run(`CREATE POLICY tenant_write ON draft_documents FOR ALL USING ${writable()} WITH CHECK ${writable()}`);
  },
};

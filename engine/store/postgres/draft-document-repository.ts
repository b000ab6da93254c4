import type { DraftDocumentKind, StoredDraftDocument } from '../ports/draft-document-records.js';
import { visible, writable } from '../rows/tenant-sql.js';
import { json, type Sql } from './sql.js';

interface DocumentRow {
  kind: DraftDocumentKind;
  draft_id: string;
  document: Buffer;
  heads: string[];
  record_revision: number;
  version: number;
  updated_at: string;
}

/**
 * Shared draft documents on the shared server (see the port). The compare-and-set is an
 * `UPDATE … WHERE version = $expected`; row-level security limits rows like the catalog's own.
 */
export class PgDraftDocumentRepository {
  async load(sql: Sql, kind: DraftDocumentKind, draftId: string): Promise<StoredDraftDocument | undefined> {
    const row = await sql.row<DocumentRow>(`SELECT * FROM draft_documents WHERE kind = $1 AND draft_id = $2 AND ${visible()}`, [
      kind,
      draftId,
    ]);
    if (!row) return undefined;
    return {
      kind: row.kind,
      draftId: row.draft_id,
      document: new Uint8Array(row.document),
      heads: row.heads,
      recordRevision: row.record_revision,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async create(
    sql: Sql,
    kind: DraftDocumentKind,
    draftId: string,
    tenant: string | null,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
  ): Promise<boolean> {
    const inserted = await sql.run(
      `INSERT INTO draft_documents (kind, draft_id, document, heads, record_revision, version, updated_at, tenant)
       VALUES ($1, $2, $3, $4::jsonb, $5, 1, $6, $7)
       ON CONFLICT (kind, draft_id) DO NOTHING`,
      [kind, draftId, Buffer.from(document), json(heads), recordRevision, new Date().toISOString(), tenant],
    );
    return inserted > 0;
  }

  async write(
    sql: Sql,
    kind: DraftDocumentKind,
    draftId: string,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
    expectedVersion: number,
  ): Promise<boolean> {
    const updated = await sql.run(
      `UPDATE draft_documents SET document = $3, heads = $4::jsonb, record_revision = $5, version = version + 1, updated_at = $6
       WHERE kind = $1 AND draft_id = $2 AND version = $7 AND ${writable()}`,
      [kind, draftId, Buffer.from(document), json(heads), recordRevision, new Date().toISOString(), expectedVersion],
    );
    return updated === 1;
  }
}

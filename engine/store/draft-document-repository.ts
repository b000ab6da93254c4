import type { DraftDocumentKind, StoredDraftDocument } from './ports/draft-document-records.js';
import type { SqliteDatabase } from './sqlite.js';
import { visible, writable } from './rows/tenant-sql.js';

interface DocumentRow {
  kind: DraftDocumentKind;
  draft_id: string;
  document: Buffer;
  heads: string;
  record_revision: number;
  version: number;
  updated_at: string;
}

/** SQL of shared draft documents (see the port): one whole document per draft, versioned for compare-and-set. */
export class DraftDocumentRepository {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      get: db.prepare<[string, string], DocumentRow>(`SELECT * FROM draft_documents WHERE kind = ? AND draft_id = ? AND ${visible()}`),
      insert: db.prepare(
        `INSERT INTO draft_documents (kind, draft_id, document, heads, record_revision, version, updated_at, tenant)
         VALUES (@kind, @id, @document, @heads, @revision, 1, @now, @tenant)
         ON CONFLICT (kind, draft_id) DO NOTHING`,
      ),
      write: db.prepare(
        `UPDATE draft_documents SET document = @document, heads = @heads, record_revision = @revision, version = version + 1, updated_at = @now
         WHERE kind = @kind AND draft_id = @id AND version = @expected AND ${writable()}`,
      ),
    };
  }

  load(kind: DraftDocumentKind, draftId: string): StoredDraftDocument | undefined {
    const row = this.statements.get.get(kind, draftId);
    if (!row) return undefined;
    return {
      kind: row.kind,
      draftId: row.draft_id,
      document: new Uint8Array(row.document),
      heads: JSON.parse(row.heads) as string[],
      recordRevision: row.record_revision,
      version: row.version,
      updatedAt: row.updated_at,
    };
  }

  create(
    kind: DraftDocumentKind,
    draftId: string,
    tenant: string | null,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
  ): boolean {
    const params = { kind, id: draftId, tenant, document: Buffer.from(document), heads: JSON.stringify(heads), revision: recordRevision };
    return this.statements.insert.run({ ...params, now: new Date().toISOString() }).changes > 0;
  }

  write(
    kind: DraftDocumentKind,
    draftId: string,
    document: Uint8Array,
    heads: readonly string[],
    recordRevision: number,
    expectedVersion: number,
  ): boolean {
    const params = { kind, id: draftId, document: Buffer.from(document), heads: JSON.stringify(heads), revision: recordRevision };
    return this.statements.write.run({ ...params, expected: expectedVersion, now: new Date().toISOString() }).changes === 1;
  }
}

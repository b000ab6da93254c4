import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { DraftDocumentKind, DraftReplicaRecord } from './ports/draft-document-records.js';
import type { ReplicaServer } from './ports/document-replica-records.js';
import { heads } from './document-replica-repository.js';

interface Row {
  server_url: string;
  server_tenant: string;
  kind: DraftDocumentKind;
  name: string;
  document: Buffer;
  server_heads: string;
  waiting: number;
  revision: number;
  last_error_code: string | null;
  last_error_message: string | null;
  problem: string | null;
  on_server: number;
  creation: string | null;
  detail: string | null;
  updated_at: string;
}

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toRecord(row: Row): DraftReplicaRecord {
  return {
    server: { url: row.server_url, tenant: row.server_tenant },
    kind: row.kind,
    name: row.name,
    document: new Uint8Array(row.document.buffer, row.document.byteOffset, row.document.byteLength),
    serverHeads: heads(row.server_heads),
    waiting: row.waiting === 1,
    revision: row.revision,
    lastError: row.last_error_code === null ? null : { code: row.last_error_code, message: row.last_error_message ?? '' },
    problem: row.problem,
    onServer: row.on_server === 1,
    creation: jsonObject(row.creation),
    detail: jsonObject(row.detail),
    updatedAt: row.updated_at,
  };
}

/**
 * A desktop's replicas of shared draft documents (see {@link DraftReplicaRecord}): copies of the
 * server's, not audited here (the edits they carry are, on the server, when they arrive).
 */
export class DraftReplicaRepository {
  private readonly byName;
  private readonly byServer;
  private readonly upsert;
  private readonly waitingCount;
  private readonly deleteRow;

  constructor(db: SqliteDatabase) {
    this.byName = db.prepare<[string, string, string, string], Row>(
      `SELECT * FROM draft_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? AND kind = ? AND name = ?`,
    );
    this.byServer = db.prepare<[string, string], Row>(
      `SELECT * FROM draft_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? ORDER BY updated_at DESC, kind, name`,
    );
    this.upsert = db.prepare(
      `INSERT INTO draft_replicas (tenant, server_url, server_tenant, kind, name, document, server_heads, waiting, revision,
         last_error_code, last_error_message, problem, on_server, creation, detail, updated_at)
       VALUES (${NEW_TENANT}, @serverUrl, @serverTenant, @kind, @name, @document, @serverHeads, @waiting, @revision,
         @lastErrorCode, @lastErrorMessage, @problem, @onServer, @creation, @detail, @updatedAt)
       ON CONFLICT (tenant, server_url, server_tenant, kind, name) DO UPDATE SET document = excluded.document,
         server_heads = excluded.server_heads, waiting = excluded.waiting, revision = excluded.revision,
         last_error_code = excluded.last_error_code, last_error_message = excluded.last_error_message,
         problem = excluded.problem, on_server = excluded.on_server, creation = excluded.creation, detail = excluded.detail,
         updated_at = excluded.updated_at`,
    );
    this.waitingCount = db.prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM draft_replicas WHERE ${own()} AND (waiting = 1 OR on_server = 0)`,
    );
    this.deleteRow = db.prepare<[string, string, string, string]>(
      `DELETE FROM draft_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? AND kind = ? AND name = ?`,
    );
  }

  get(server: ReplicaServer, kind: DraftDocumentKind, name: string): DraftReplicaRecord | undefined {
    const row = this.byName.get(server.url, server.tenant, kind, name);
    return row ? toRecord(row) : undefined;
  }

  list(server: ReplicaServer): DraftReplicaRecord[] {
    return this.byServer.all(server.url, server.tenant).map(toRecord);
  }

  put(record: DraftReplicaRecord): void {
    this.upsert.run({
      serverUrl: record.server.url,
      serverTenant: record.server.tenant,
      kind: record.kind,
      name: record.name,
      document: Buffer.from(record.document.buffer, record.document.byteOffset, record.document.byteLength),
      serverHeads: JSON.stringify(record.serverHeads),
      waiting: record.waiting ? 1 : 0,
      revision: record.revision,
      lastErrorCode: record.lastError?.code ?? null,
      lastErrorMessage: record.lastError?.message ?? null,
      problem: record.problem,
      onServer: record.onServer ? 1 : 0,
      creation: record.creation === null ? null : JSON.stringify(record.creation),
      detail: record.detail === null ? null : JSON.stringify(record.detail),
      updatedAt: record.updatedAt,
    });
  }

  remove(server: ReplicaServer, kind: DraftDocumentKind, name: string): boolean {
    return this.deleteRow.run(server.url, server.tenant, kind, name).changes > 0;
  }

  countWaiting(): number {
    return this.waitingCount.get()?.n ?? 0;
  }
}

import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { DocumentReplicaRecord, ReplicaServer, ReplicaUser } from './ports/document-replica-records.js';

interface Row {
  server_url: string;
  server_tenant: string;
  topology_id: string;
  name: string;
  document: Buffer;
  node_count: number;
  server_heads: string;
  waiting: number;
  name_waiting: number;
  on_server: number;
  revision: number;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: string;
  updated_at: string;
}

/** Heads stored as JSON text; anything else reads as none (the next exchange sends every change). */
export function heads(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((head): head is string => typeof head === 'string') : [];
  } catch {
    return [];
  }
}

function toRecord(row: Row): DocumentReplicaRecord {
  return {
    server: { url: row.server_url, tenant: row.server_tenant },
    topologyId: row.topology_id,
    name: row.name,
    document: new Uint8Array(row.document.buffer, row.document.byteOffset, row.document.byteLength),
    nodeCount: row.node_count,
    serverHeads: heads(row.server_heads),
    waiting: row.waiting === 1,
    nameWaiting: row.name_waiting === 1,
    onServer: row.on_server === 1,
    revision: row.revision,
    lastError: row.last_error_code === null ? null : { code: row.last_error_code, message: row.last_error_message ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The desktop's replicas of shared topology documents (see {@link DocumentReplicaRecord}). A replica
 * is a copy of the server's record, not a record of the user's: writing one is not audited (the edits
 * it carries are, on the server, when they arrive).
 */
export class DocumentReplicaRepository {
  private readonly byId;
  private readonly byServer;
  private readonly upsert;
  private readonly deleteRow;
  private readonly waitingCount;
  private readonly upsertUser;
  private readonly usersOf;
  private readonly signedIn;

  constructor(db: SqliteDatabase) {
    this.byId = db.prepare<[string, string, string], Row>(
      `SELECT * FROM document_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? AND topology_id = ?`,
    );
    this.byServer = db.prepare<[string, string], Row>(
      `SELECT * FROM document_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? ORDER BY updated_at DESC, topology_id`,
    );
    this.upsert = db.prepare(
      `INSERT INTO document_replicas (tenant, server_url, server_tenant, topology_id, name, document, node_count, server_heads, waiting, name_waiting,
         on_server, revision, last_error_code, last_error_message, created_at, updated_at)
       VALUES (${NEW_TENANT}, @serverUrl, @serverTenant, @topologyId, @name, @document, @nodeCount, @serverHeads, @waiting, @nameWaiting,
         @onServer, @revision, @lastErrorCode, @lastErrorMessage, @createdAt, @updatedAt)
       ON CONFLICT (tenant, server_url, server_tenant, topology_id) DO UPDATE SET name = excluded.name, document = excluded.document, node_count = excluded.node_count,
         server_heads = excluded.server_heads, waiting = excluded.waiting, name_waiting = excluded.name_waiting,
         on_server = excluded.on_server, revision = excluded.revision, last_error_code = excluded.last_error_code,
         last_error_message = excluded.last_error_message, updated_at = excluded.updated_at`,
    );
    this.deleteRow = db.prepare<[string, string, string]>(
      `DELETE FROM document_replicas WHERE ${own()} AND server_url = ? AND server_tenant = ? AND topology_id = ?`,
    );
    this.waitingCount = db.prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM document_replicas WHERE ${own()} AND (waiting = 1 OR name_waiting = 1 OR on_server = 0)`,
    );
    this.upsertUser = db.prepare(
      `INSERT INTO document_replica_users (tenant, server_url, server_tenant, user_id, user_name, signed_in_at)
       VALUES (${NEW_TENANT}, @serverUrl, @serverTenant, @userId, @userName, @signedInAt)
       ON CONFLICT (tenant, server_url, server_tenant, user_id) DO UPDATE SET user_name = excluded.user_name,
         signed_in_at = coalesce(excluded.signed_in_at, document_replica_users.signed_in_at)`,
    );
    this.usersOf = db.prepare<[string, string], { user_id: string; user_name: string }>(
      `SELECT user_id, user_name FROM document_replica_users WHERE ${own()} AND server_url = ? AND server_tenant = ? ORDER BY user_id`,
    );
    this.signedIn = db.prepare<[string, string], { user_id: string; user_name: string }>(
      `SELECT user_id, user_name FROM document_replica_users WHERE ${own()} AND server_url = ? AND server_tenant = ?
         AND signed_in_at IS NOT NULL ORDER BY signed_in_at DESC LIMIT 1`,
    );
  }

  get(server: ReplicaServer, topologyId: string): DocumentReplicaRecord | undefined {
    const row = this.byId.get(server.url, server.tenant, topologyId);
    return row ? toRecord(row) : undefined;
  }

  list(server: ReplicaServer): DocumentReplicaRecord[] {
    return this.byServer.all(server.url, server.tenant).map(toRecord);
  }

  put(record: DocumentReplicaRecord): void {
    this.upsert.run({
      serverUrl: record.server.url,
      serverTenant: record.server.tenant,
      topologyId: record.topologyId,
      name: record.name,
      document: Buffer.from(record.document.buffer, record.document.byteOffset, record.document.byteLength),
      nodeCount: record.nodeCount,
      serverHeads: JSON.stringify(record.serverHeads),
      waiting: record.waiting ? 1 : 0,
      nameWaiting: record.nameWaiting ? 1 : 0,
      onServer: record.onServer ? 1 : 0,
      revision: record.revision,
      lastErrorCode: record.lastError?.code ?? null,
      lastErrorMessage: record.lastError?.message ?? null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    });
  }

  remove(server: ReplicaServer, topologyId: string): boolean {
    return this.deleteRow.run(server.url, server.tenant, topologyId).changes > 0;
  }

  countWaiting(): number {
    return this.waitingCount.get()?.n ?? 0;
  }

  rememberUser(server: ReplicaServer, user: ReplicaUser, signedInAt?: string): void {
    this.upsertUser.run({
      serverUrl: server.url,
      serverTenant: server.tenant,
      userId: user.userId,
      userName: user.userName,
      signedInAt: signedInAt ?? null,
    });
  }

  users(server: ReplicaServer): ReplicaUser[] {
    return this.usersOf.all(server.url, server.tenant).map((row) => ({ userId: row.user_id, userName: row.user_name }));
  }

  signedInUser(server: ReplicaServer): ReplicaUser | undefined {
    const row = this.signedIn.get(server.url, server.tenant);
    return row ? { userId: row.user_id, userName: row.user_name } : undefined;
  }
}

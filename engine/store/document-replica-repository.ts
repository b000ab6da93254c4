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

function toRecord(row: Row, changes: Buffer[]): DocumentReplicaRecord {
  const document = changes.length === 0 ? row.document : Buffer.concat([row.document, ...changes]);
  return {
    server: { url: row.server_url, tenant: row.server_tenant },
    topologyId: row.topology_id,
    name: row.name,
    document: new Uint8Array(document.buffer, document.byteOffset, document.byteLength),
    ...(changes.length > 0 ? { appendedChanges: changes.length } : {}),
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
  private readonly changesOf;
  private readonly insertChanges;
  private readonly dropChanges;
  private readonly updateFields;
  private readonly db;
  private readonly upsertUser;
  private readonly usersOf;
  private readonly signedIn;

  constructor(db: SqliteDatabase) {
    this.db = db;
    this.changesOf = db.prepare<[string, string, string], { changes: Buffer }>(
      `SELECT changes FROM document_replica_changes WHERE ${own()} AND server_url = ? AND server_tenant = ? AND topology_id = ? ORDER BY seq`,
    );
    this.insertChanges = db.prepare(
      `INSERT INTO document_replica_changes (tenant, server_url, server_tenant, topology_id, seq, changes)
       SELECT tenant, server_url, server_tenant, topology_id,
         (SELECT coalesce(max(seq), 0) + 1 FROM document_replica_changes c WHERE c.tenant = r.tenant AND c.server_url = r.server_url
           AND c.server_tenant = r.server_tenant AND c.topology_id = r.topology_id), @changes
       FROM document_replicas r WHERE ${own('r.')} AND server_url = @serverUrl AND server_tenant = @serverTenant AND topology_id = @topologyId`,
    );
    this.dropChanges = db.prepare<[string, string, string]>(
      `DELETE FROM document_replica_changes WHERE ${own()} AND server_url = ? AND server_tenant = ? AND topology_id = ?`,
    );
    this.updateFields = db.prepare(
      `UPDATE document_replicas SET name = @name, node_count = @nodeCount, server_heads = @serverHeads, waiting = @waiting,
         name_waiting = @nameWaiting, on_server = @onServer, revision = @revision, last_error_code = @lastErrorCode,
         last_error_message = @lastErrorMessage, updated_at = @updatedAt
       WHERE ${own()} AND server_url = @serverUrl AND server_tenant = @serverTenant AND topology_id = @topologyId`,
    );
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
    return row ? this.withChanges(row) : undefined;
  }

  list(server: ReplicaServer): DocumentReplicaRecord[] {
    return this.byServer.all(server.url, server.tenant).map((row) => this.withChanges(row));
  }

  put(record: DocumentReplicaRecord): void {
    this.db.transaction(() => {
      this.dropChanges.run(record.server.url, record.server.tenant, record.topologyId);
      this.upsert.run(this.parameters(record));
    })();
  }

  append(record: DocumentReplicaRecord, changes: Uint8Array, options: { durable?: boolean } = {}): void {
    if (options.durable !== false) {
      this.appendNow(record, changes);
      return;
    }
    // Not synced on its own (WAL: a commit without a flush survives a crash of the app, and the next synced commit flushes it).
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.appendNow(record, changes);
    } finally {
      this.db.pragma(`synchronous = ${level}`);
    }
  }

  private appendNow(record: DocumentReplicaRecord, changes: Uint8Array): void {
    this.db.transaction(() => {
      const where = { serverUrl: record.server.url, serverTenant: record.server.tenant, topologyId: record.topologyId };
      if (this.updateFields.run(this.fieldParameters(record)).changes === 0) {
        // Not kept yet (or dropped meanwhile): kept whole.
        this.dropChanges.run(record.server.url, record.server.tenant, record.topologyId);
        this.upsert.run(this.parameters(record));
        return;
      }
      if (changes.byteLength > 0)
        this.insertChanges.run({ ...where, changes: Buffer.from(changes.buffer, changes.byteOffset, changes.byteLength) });
    })();
  }

  private withChanges(row: Row): DocumentReplicaRecord {
    return toRecord(
      row,
      this.changesOf.all(row.server_url, row.server_tenant, row.topology_id).map((change) => change.changes),
    );
  }

  private parameters(record: DocumentReplicaRecord) {
    return {
      ...this.fieldParameters(record),
      document: Buffer.from(record.document.buffer, record.document.byteOffset, record.document.byteLength),
      createdAt: record.createdAt,
    };
  }

  private fieldParameters(record: DocumentReplicaRecord) {
    return {
      serverUrl: record.server.url,
      serverTenant: record.server.tenant,
      topologyId: record.topologyId,
      name: record.name,
      nodeCount: record.nodeCount,
      serverHeads: JSON.stringify(record.serverHeads),
      waiting: record.waiting ? 1 : 0,
      nameWaiting: record.nameWaiting ? 1 : 0,
      onServer: record.onServer ? 1 : 0,
      revision: record.revision,
      lastErrorCode: record.lastError?.code ?? null,
      lastErrorMessage: record.lastError?.message ?? null,
      updatedAt: record.updatedAt,
    };
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

import type { StoredTopologyDocument, TopologyDocumentHead } from './ports/topology-document-records.js';
import type { SqliteDatabase } from './sqlite.js';
import { own, parentTenant } from './rows/tenant-sql.js';

interface DocumentRow {
  topology_id: string;
  snapshot: Buffer;
  heads: string;
  version: number;
  updated_at: string;
}

/** SQL of shared topology documents: a snapshot per topology and the log of changes after it (see the port). */
export class TopologyDocumentRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      head: db.prepare<[string], { topology_id: string; heads: string; version: number; change_count: number }>(
        `SELECT topology_id, heads, version,
           (SELECT count(*) FROM topology_document_changes c WHERE c.topology_id = d.topology_id AND ${own('c.')}) AS change_count
         FROM topology_documents d WHERE topology_id = ? AND ${own('d.')}`,
      ),
      get: db.prepare<[string], DocumentRow>(`SELECT * FROM topology_documents WHERE topology_id = ? AND ${own()}`),
      changes: db.prepare<[string], { message: Buffer }>(
        `SELECT message FROM topology_document_changes WHERE topology_id = ? AND ${own()} ORDER BY seq`,
      ),
      insert: db.prepare(
        `INSERT INTO topology_documents (topology_id, snapshot, heads, version, updated_at, tenant)
         VALUES (@id, @snapshot, @heads, 1, @now, ${parentTenant('topologies', '@id')})
         ON CONFLICT (topology_id) DO NOTHING`,
      ),
      bump: db.prepare(
        `UPDATE topology_documents SET heads = @heads, version = version + 1, updated_at = @now
         WHERE topology_id = @id AND version = @expected AND ${own()}`,
      ),
      append: db.prepare(
        `INSERT INTO topology_document_changes (topology_id, seq, message, created_at, tenant)
         VALUES (@id, @seq, @message, @now, ${parentTenant('topology_documents', '@id', 'topology_id')})`,
      ),
      compact: db.prepare(
        `UPDATE topology_documents SET snapshot = @snapshot, heads = @heads, version = version + 1, updated_at = @now
         WHERE topology_id = @id AND version = @expected AND ${own()}`,
      ),
      dropChanges: db.prepare(`DELETE FROM topology_document_changes WHERE topology_id = ? AND ${own()}`),
      drop: db.prepare(`DELETE FROM topology_documents WHERE topology_id = ? AND ${own()}`),
    };
  }

  head(topologyId: string): TopologyDocumentHead | undefined {
    const row = this.statements.head.get(topologyId);
    if (!row) return undefined;
    return { topologyId: row.topology_id, heads: JSON.parse(row.heads) as string[], version: row.version, changeCount: row.change_count };
  }

  load(topologyId: string): StoredTopologyDocument | undefined {
    const row = this.statements.get.get(topologyId);
    if (!row) return undefined;
    return {
      topologyId: row.topology_id,
      snapshot: new Uint8Array(row.snapshot),
      changes: this.statements.changes.all(topologyId).map((change) => new Uint8Array(change.message)),
      heads: JSON.parse(row.heads) as string[],
      version: row.version,
      updatedAt: row.updated_at,
    };
  }

  create(topologyId: string, snapshot: Uint8Array, heads: readonly string[]): boolean {
    const now = new Date().toISOString();
    return this.statements.insert.run({ id: topologyId, snapshot: Buffer.from(snapshot), heads: JSON.stringify(heads), now }).changes > 0;
  }

  append(topologyId: string, message: Uint8Array, heads: readonly string[], expectedVersion: number): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const bumped = this.statements.bump.run({ id: topologyId, heads: JSON.stringify(heads), expected: expectedVersion, now });
      if (bumped.changes !== 1) return false;
      this.statements.append.run({ id: topologyId, seq: expectedVersion + 1, message: Buffer.from(message), now });
      return true;
    })();
  }

  compact(topologyId: string, snapshot: Uint8Array, heads: readonly string[], expectedVersion: number): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const params = { id: topologyId, snapshot: Buffer.from(snapshot), heads: JSON.stringify(heads), expected: expectedVersion, now };
      if (this.statements.compact.run(params).changes !== 1) return false;
      this.statements.dropChanges.run(topologyId);
      return true;
    })();
  }

  remove(topologyId: string): boolean {
    return this.db.transaction(() => {
      this.statements.dropChanges.run(topologyId);
      return this.statements.drop.run(topologyId).changes > 0;
    })();
  }
}

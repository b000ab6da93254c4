import type { StoredTopologyDocument, TopologyDocumentHead } from '../ports/topology-document-records.js';
import { own, parentTenant } from '../rows/tenant-sql.js';
import { json, type Sql } from './sql.js';

interface DocumentRow {
  topology_id: string;
  snapshot: Buffer;
  heads: string[];
  version: number;
  updated_at: string;
}

/**
 * Shared topology documents on the shared server (see the port). The version compare-and-set is an
 * `UPDATE … WHERE version = $expected`: a concurrent writer's committed update makes it match no row.
 */
export class PgTopologyDocumentRepository {
  async head(sql: Sql, topologyId: string): Promise<TopologyDocumentHead | undefined> {
    const row = await sql.row<{ topology_id: string; heads: string[]; version: number; change_count: string }>(
      `SELECT topology_id, heads, version,
         (SELECT count(*) FROM topology_document_changes c WHERE c.topology_id = d.topology_id AND ${own('c.')}) AS change_count
       FROM topology_documents d WHERE topology_id = $1 AND ${own('d.')}`,
      [topologyId],
    );
    if (!row) return undefined;
    return { topologyId: row.topology_id, heads: row.heads, version: row.version, changeCount: Number(row.change_count) };
  }

  async load(sql: Sql, topologyId: string): Promise<StoredTopologyDocument | undefined> {
    const row = await sql.row<DocumentRow>(`SELECT * FROM topology_documents WHERE topology_id = $1 AND ${own()}`, [topologyId]);
    if (!row) return undefined;
    const changes = await sql.rows<{ message: Buffer }>(
      `SELECT message FROM topology_document_changes WHERE topology_id = $1 AND ${own()} ORDER BY seq`,
      [topologyId],
    );
    return {
      topologyId: row.topology_id,
      snapshot: new Uint8Array(row.snapshot),
      changes: changes.map((change) => new Uint8Array(change.message)),
      heads: row.heads,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async create(sql: Sql, topologyId: string, snapshot: Uint8Array, heads: readonly string[]): Promise<boolean> {
    const inserted = await sql.run(
      `INSERT INTO topology_documents (topology_id, snapshot, heads, version, updated_at, tenant)
       VALUES ($1, $2, $3::jsonb, 1, $4, ${parentTenant('topologies', '$1')})
       ON CONFLICT (topology_id) DO NOTHING`,
      [topologyId, Buffer.from(snapshot), json(heads), new Date().toISOString()],
    );
    return inserted > 0;
  }

  async append(sql: Sql, topologyId: string, message: Uint8Array, heads: readonly string[], expectedVersion: number): Promise<boolean> {
    const now = new Date().toISOString();
    const bumped = await sql.run(
      `UPDATE topology_documents SET heads = $2::jsonb, version = version + 1, updated_at = $3
       WHERE topology_id = $1 AND version = $4 AND ${own()}`,
      [topologyId, json(heads), now, expectedVersion],
    );
    if (bumped !== 1) return false;
    await sql.run(
      `INSERT INTO topology_document_changes (topology_id, seq, message, created_at, tenant)
       VALUES ($1, $2, $3, $4, ${parentTenant('topology_documents', '$1', 'topology_id')})`,
      [topologyId, expectedVersion + 1, Buffer.from(message), now],
    );
    return true;
  }

  async compact(sql: Sql, topologyId: string, snapshot: Uint8Array, heads: readonly string[], expectedVersion: number): Promise<boolean> {
    const compacted = await sql.run(
      `UPDATE topology_documents SET snapshot = $2, heads = $3::jsonb, version = version + 1, updated_at = $4
       WHERE topology_id = $1 AND version = $5 AND ${own()}`,
      [topologyId, Buffer.from(snapshot), json(heads), new Date().toISOString(), expectedVersion],
    );
    if (compacted !== 1) return false;
    await sql.run(`DELETE FROM topology_document_changes WHERE topology_id = $1 AND ${own()}`, [topologyId]);
    return true;
  }

  async remove(sql: Sql, topologyId: string): Promise<boolean> {
    await sql.run(`DELETE FROM topology_document_changes WHERE topology_id = $1 AND ${own()}`, [topologyId]);
    return (await sql.run(`DELETE FROM topology_documents WHERE topology_id = $1 AND ${own()}`, [topologyId])) > 0;
  }
}

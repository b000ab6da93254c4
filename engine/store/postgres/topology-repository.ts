import { randomUUID } from 'node:crypto';
import { own } from '../rows/tenant-sql.js';
import type { Topology, TopologyDocument, TopologyDraft, TopologySummary } from '../../api/schemas/topology.js';
import { NotFoundError, RevisionConflictError } from '../../errors.js';
import { recordAudit } from './audit.js';
import { auditOrigin } from '../rows/audit-rows.js';
import { TopologyExistsError } from '../ports/topology-document-records.js';
import { json, type Sql } from './sql.js';
import { topologyCreated, topologyDeleted, topologySaved } from '../rows/audit-entries.js';

interface TopologyRow {
  id: string;
  name: string;
  document: TopologyDocument;
  revision: number;
  created_at: string;
  updated_at: string;
}

const EMPTY_DOCUMENT: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

const toTopology = (row: TopologyRow): Topology => ({
  id: row.id,
  name: row.name,
  revision: row.revision,
  document: row.document,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Topologies with optimistic concurrency: a save names the revision it was based on and is refused,
 * writing nothing, when the stored revision moved on (the `UPDATE … WHERE revision = $expected`
 * compare-and-swap also holds between transactions running side by side).
 */
export class PgTopologyRepository {
  constructor(private readonly actor: string) {}

  async list(sql: Sql): Promise<TopologySummary[]> {
    const rows = await sql.rows<{ id: string; name: string; revision: number; node_count: number; created_at: string; updated_at: string }>(
      `SELECT id, name, revision, coalesce(jsonb_array_length(document -> 'nodes'), 0) AS node_count, created_at, updated_at
       FROM topologies WHERE deleted_at IS NULL AND ${own()} ORDER BY updated_at DESC, name`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      revision: row.revision,
      nodeCount: row.node_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  async summary(sql: Sql, id: string): Promise<TopologySummary> {
    const row = await sql.row<{ id: string; name: string; revision: number; node_count: number; created_at: string; updated_at: string }>(
      `SELECT id, name, revision, coalesce(jsonb_array_length(document -> 'nodes'), 0) AS node_count, created_at, updated_at
       FROM topologies WHERE id = $1 AND deleted_at IS NULL AND ${own()}`,
      [id],
    );
    if (!row) throw new NotFoundError('Topology', id);
    return {
      id: row.id,
      name: row.name,
      revision: row.revision,
      nodeCount: row.node_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async get(sql: Sql, id: string): Promise<Topology> {
    return toTopology(await this.live(sql, id, false));
  }

  async create(sql: Sql, name: string, document: TopologyDocument = EMPTY_DOCUMENT, givenId?: string): Promise<Topology> {
    const id = givenId ?? randomUUID();
    const now = new Date().toISOString();
    // Row-level security hides other tenants' rows from a check: the primary key refuses their ids.
    const inserted = await sql.run(
      `INSERT INTO topologies (id, name, document, revision, created_at, updated_at) VALUES ($1, $2, $3::jsonb, 1, $4, $4)
       ON CONFLICT (id) DO NOTHING`,
      [id, name, json(document), now],
    );
    if (inserted !== 1) throw new TopologyExistsError(id);
    await recordAudit(sql, topologyCreated(this.actor, id, name, document), now);
    return this.get(sql, id);
  }

  /**
   * Saves a new revision; the autosaved draft is dropped unless `keepDraft` (see the SQLite
   * repository). One statement updates the row and audits both versions, so the stored document is
   * never read back into this process and the new one is parsed once (a shared topology's live edits
   * save 1,000-node documents many times a minute); the answer holds the `document` given.
   */
  async save(
    sql: Sql,
    id: string,
    expectedRevision: number,
    document: TopologyDocument,
    name?: string,
    options: { keepDraft?: boolean; documentHeads?: readonly string[] } = {},
  ): Promise<Topology> {
    const now = new Date().toISOString();
    // A shared document's change is audited with the heads it reached, not both documents (see `topologyMerged`).
    const heads = options.documentHeads ? json(options.documentHeads) : null;
    const origin = auditOrigin(topologySaved(this.actor, id, { name: '', revision: expectedRevision, document }, '', document));
    const saved = await sql.row<Omit<TopologyRow, 'document'>>(
      `WITH before AS (
         SELECT name, document FROM topologies WHERE id = $1 AND deleted_at IS NULL AND ${own()} FOR UPDATE
       ), next AS (
         SELECT $3::jsonb AS document
       ), saved AS (
         UPDATE topologies t SET name = coalesce($2::text, before.name), document = next.document, revision = t.revision + 1, updated_at = $4
         FROM before, next
         WHERE t.id = $1 AND t.revision = $5 AND t.deleted_at IS NULL AND ${own('t.')}
         RETURNING t.id, t.name, t.revision, t.created_at, t.updated_at
       ), audited AS (
         INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, trace_id, tenant, request_id, client_address)
         SELECT $4, $6, 'topology.save', 'topology', $1,
           CASE WHEN $11::jsonb IS NULL THEN jsonb_build_object('name', before.name, 'revision', $5::integer, 'document', before.document)
             ELSE jsonb_build_object('name', before.name, 'revision', $5::integer) END,
           CASE WHEN $11::jsonb IS NULL THEN jsonb_build_object('name', saved.name, 'revision', $5::integer + 1, 'document', next.document)
             ELSE jsonb_build_object('name', saved.name, 'revision', $5::integer + 1, 'documentHeads', $11::jsonb) END,
           $7, $8, $9, $10
         FROM before, saved, next
         RETURNING 1
       )
       SELECT saved.* FROM saved, (SELECT count(*) FROM audited) AS written`,
      [
        id,
        name ?? null,
        json(document),
        now,
        expectedRevision,
        origin.actor,
        origin.traceId,
        origin.tenant,
        origin.requestId,
        origin.clientAddress,
        heads,
      ],
    );
    if (!saved) {
      const current = await sql.row<{ revision: number }>(
        `SELECT revision FROM topologies WHERE id = $1 AND deleted_at IS NULL AND ${own()}`,
        [id],
      );
      if (!current) throw new NotFoundError('Topology', id);
      throw new RevisionConflictError('Topology', id, expectedRevision, current.revision);
    }
    if (!options.keepDraft) await sql.run(`DELETE FROM topology_drafts WHERE topology_id = $1 AND ${own()}`, [id]);
    return toTopology({ ...saved, document });
  }

  async delete(sql: Sql, id: string): Promise<void> {
    const now = new Date().toISOString();
    const before = await this.live(sql, id, true);
    await sql.run(`UPDATE topologies SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [id, now]);
    await recordAudit(sql, topologyDeleted(this.actor, id, before), now);
  }

  async getDraft(sql: Sql, id: string): Promise<TopologyDraft | null> {
    await this.live(sql, id, false);
    const row = await sql.row<{ base_revision: number; document: TopologyDocument; saved_at: string }>(
      `SELECT base_revision, document, saved_at FROM topology_drafts WHERE topology_id = $1 AND ${own()}`,
      [id],
    );
    return row ? { id, baseRevision: row.base_revision, document: row.document, savedAt: row.saved_at } : null;
  }

  async saveDraft(sql: Sql, id: string, baseRevision: number, document: TopologyDocument): Promise<TopologyDraft> {
    await this.live(sql, id, false);
    const savedAt = new Date().toISOString();
    await sql.run(
      `INSERT INTO topology_drafts (topology_id, base_revision, document, saved_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (topology_id) DO UPDATE SET base_revision = excluded.base_revision, document = excluded.document, saved_at = excluded.saved_at
       WHERE ${own('topology_drafts.')}`,
      [id, baseRevision, json(document), savedAt],
    );
    return { id, baseRevision, document, savedAt };
  }

  async discardDraft(sql: Sql, id: string): Promise<boolean> {
    return (await sql.run(`DELETE FROM topology_drafts WHERE topology_id = $1 AND ${own()}`, [id])) > 0;
  }

  /** The live row of a topology (locked for this transaction when `lock`), or `not_found`. */
  private async live(sql: Sql, id: string, lock: boolean): Promise<TopologyRow> {
    const row = await sql.row<TopologyRow>(
      `SELECT * FROM topologies WHERE id = $1 AND deleted_at IS NULL AND ${own()}${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError('Topology', id);
    return row;
  }
}

import { randomUUID } from 'node:crypto';
import type { Topology, TopologyDocument, TopologyDraft, TopologySummary } from '../api/schemas/topology.js';
import { NotFoundError, RevisionConflictError } from '../errors.js';
import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';
import { TopologyExistsError } from './ports/topology-document-records.js';
import { NEW_TENANT, own, parentTenant } from './rows/tenant-sql.js';
import { topologyCreated, topologyDeleted, topologyMerged, topologySaved } from './rows/audit-entries.js';

interface TopologyRow {
  id: string;
  name: string;
  document: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

const EMPTY_DOCUMENT: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

/**
 * Topologies with optimistic concurrency: every save names the revision it was based on and is
 * refused, writing nothing, when the stored revision moved on.
 */
/** A topology as listed: no document, its node count. */
interface TopologySummaryRow {
  id: string;
  name: string;
  revision: number;
  node_count: number;
  created_at: string;
  updated_at: string;
}

const toSummary = (row: TopologySummaryRow): TopologySummary => ({
  id: row.id,
  name: row.name,
  revision: row.revision,
  nodeCount: row.node_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class TopologyRepository {
  private readonly selectLive;
  private readonly selectOne;
  private readonly insert;
  private readonly update;
  private readonly softDelete;
  private readonly selectSummary;
  private readonly drafts;
  private readonly taken;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    // The node count is read by SQLite from the stored text: listing never parses whole documents.
    this.selectLive = db.prepare<[], TopologySummaryRow>(
      `SELECT id, name, revision, coalesce(json_array_length(document, '$.nodes'), 0) AS node_count, created_at, updated_at
       FROM topologies WHERE deleted_at IS NULL AND ${own()} ORDER BY updated_at DESC, name`,
    );
    this.selectSummary = db.prepare<[string], TopologySummaryRow>(
      `SELECT id, name, revision, coalesce(json_array_length(document, '$.nodes'), 0) AS node_count, created_at, updated_at
       FROM topologies WHERE id = ? AND deleted_at IS NULL AND ${own()}`,
    );
    this.selectOne = db.prepare<[string], TopologyRow>(`SELECT * FROM topologies WHERE id = ? AND deleted_at IS NULL AND ${own()}`);
    this.drafts = {
      get: db.prepare<[string], { topology_id: string; base_revision: number; document: string; saved_at: string }>(
        `SELECT * FROM topology_drafts WHERE topology_id = ? AND ${own()}`,
      ),
      put: db.prepare(
        `INSERT INTO topology_drafts (topology_id, base_revision, document, saved_at, tenant)
         VALUES (@id, @baseRevision, @document, @savedAt, ${parentTenant('topologies', '@id')})
         ON CONFLICT (topology_id) DO UPDATE SET base_revision = excluded.base_revision, document = excluded.document, saved_at = excluded.saved_at
         WHERE ${own('topology_drafts.')}`,
      ),
      drop: db.prepare(`DELETE FROM topology_drafts WHERE topology_id = ? AND ${own()}`),
    };
    this.insert = db.prepare(
      `INSERT INTO topologies (id, name, document, revision, created_at, updated_at, tenant)
       VALUES (@id, @name, @document, 1, @now, @now, ${NEW_TENANT})`,
    );
    this.update = db.prepare(
      `UPDATE topologies SET name = @name, document = @document, revision = revision + 1, updated_at = @now
       WHERE id = @id AND revision = @expectedRevision AND deleted_at IS NULL AND ${own()}`,
    );
    this.taken = db.prepare<[string], { id: string }>('SELECT id FROM topologies WHERE id = ?');
    this.softDelete = db.prepare(`UPDATE topologies SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${own()}`);
  }

  list(): TopologySummary[] {
    return this.selectLive.all().map(toSummary);
  }

  summary(id: string): TopologySummary {
    const row = this.selectSummary.get(id);
    if (!row) throw new NotFoundError('Topology', id);
    return toSummary(row);
  }

  get(id: string): Topology {
    const row = this.selectOne.get(id);
    if (!row) throw new NotFoundError('Topology', id);
    return toTopology(row);
  }

  create(name: string, document: TopologyDocument = EMPTY_DOCUMENT, givenId?: string): Topology {
    const id = givenId ?? randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      // Any topology's, deleted or another tenant's: the id is the primary key.
      if (givenId && this.taken.get(givenId)) throw new TopologyExistsError(givenId);
      this.insert.run({ id, name, document: JSON.stringify(document), now });
      this.audit.record(topologyCreated(this.actor, id, name, document), now);
    })();
    return this.get(id);
  }

  /**
   * Saves a new revision. The autosaved draft is dropped (it is now saved) unless `keepDraft`: a save
   * that did not come from the planner (a CLI deploy of a file) leaves unsaved edits to be restored.
   */
  save(
    id: string,
    expectedRevision: number,
    document: TopologyDocument,
    name?: string,
    options: { keepDraft?: boolean; documentHeads?: readonly string[] } = {},
  ): Topology {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const before = this.get(id);
      const nextName = name ?? before.name;
      const result = this.update.run({ id, expectedRevision, name: nextName, document: JSON.stringify(document), now });
      if (result.changes !== 1) throw new RevisionConflictError('Topology', id, expectedRevision, before.revision);
      // What was autosaved is now saved.
      if (!options.keepDraft) this.drafts.drop.run(id);
      this.audit.record(
        options.documentHeads
          ? topologyMerged(this.actor, id, before, nextName, options.documentHeads)
          : topologySaved(this.actor, id, before, nextName, document),
        now,
      );
      return this.get(id);
    })();
  }

  delete(id: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const before = this.get(id);
      this.softDelete.run(now, id);
      this.audit.record(topologyDeleted(this.actor, id, before), now);
    })();
  }

  /** The autosaved edits of a topology, or null. */
  getDraft(id: string): TopologyDraft | null {
    this.get(id);
    const row = this.drafts.get.get(id);
    return row
      ? { id, baseRevision: row.base_revision, document: JSON.parse(row.document) as TopologyDocument, savedAt: row.saved_at }
      : null;
  }

  /** Keeps unsaved edits so that a reload or a crash loses none; the last autosave wins. */
  saveDraft(id: string, baseRevision: number, document: TopologyDocument): TopologyDraft {
    this.get(id);
    const savedAt = new Date().toISOString();
    this.drafts.put.run({ id, baseRevision, document: JSON.stringify(document), savedAt });
    return { id, baseRevision, document, savedAt };
  }

  discardDraft(id: string): boolean {
    return this.drafts.drop.run(id).changes > 0;
  }
}

function toTopology(row: TopologyRow): Topology {
  return {
    id: row.id,
    name: row.name,
    revision: row.revision,
    document: JSON.parse(row.document) as TopologyDocument,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

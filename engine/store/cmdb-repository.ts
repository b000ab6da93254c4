import type { CmdbItem, CmdbRelationship } from '../api/schemas/deployments.js';
import type { SqliteDatabase } from './sqlite.js';
import { own, parentTenant } from './rows/tenant-sql.js';
import type { CmdbItemInput } from './ports/deployment-records.js';
export type { CmdbItemInput } from './ports/deployment-records.js';
import { sqliteColumns } from './rows/decode.js';
import { type CmdbItemRow, toCmdbItem as decodeCmdbItem } from './rows/deployment-rows.js';

const toCmdbItem = (row: CmdbItemRow) => decodeCmdbItem(row, sqliteColumns);

const now = (): string => new Date().toISOString();

/**
 * The CMDB: one active configuration item per deployed deployment (decommissioned ones stay as
 * history) and the relationships between items that the topology's wires and dependencies imply.
 */
export class CmdbRepository {
  private readonly s;

  constructor(private readonly db: SqliteDatabase) {
    this.s = {
      cmdbActive: db.prepare<[string], CmdbItemRow>(`SELECT * FROM cmdb_items WHERE deployment_id = ? AND status = 'active' AND ${own()}`),
      cmdbOf: db.prepare<[string], CmdbItemRow>(`SELECT * FROM cmdb_items WHERE deployment_id = ? AND ${own()} ORDER BY created_at DESC`),
      cmdbAll: db.prepare<[], CmdbItemRow>(`SELECT * FROM cmdb_items WHERE ${own()} ORDER BY environment, name, created_at`),
      cmdbInsert: db.prepare(
        `INSERT INTO cmdb_items (id, deployment_id, environment, name, semantic_type, provider, provider_id, urn, attributes, status, created_at, updated_at, tenant)
         VALUES (@id, @deploymentId, @environment, @name, @semanticType, @provider, @providerId, @urn, @attributes, 'active', @at, @at,
           ${parentTenant('deployments', '@deploymentId')})`,
      ),
      cmdbUpdate: db.prepare(
        `UPDATE cmdb_items SET name = @name, provider_id = @providerId, urn = @urn, attributes = @attributes, updated_at = @at WHERE id = @id AND ${own()}`,
      ),
      cmdbDecommission: db.prepare(
        `UPDATE cmdb_items SET status = 'decommissioned', decommissioned_at = ?, updated_at = ? WHERE deployment_id = ? AND status = 'active' AND ${own()}`,
      ),
      relationships: db.prepare<[], { source_item: string; target_item: string; kind: string; detail: string }>(
        `SELECT * FROM cmdb_relationships WHERE ${own()}`,
      ),
      relate: db.prepare(
        `INSERT OR IGNORE INTO cmdb_relationships (source_item, target_item, kind, detail, created_at, tenant)
         VALUES (@source, @target, @kind, @detail, @at, ${parentTenant('cmdb_items', '@target')})`,
      ),
      unrelateTarget: db.prepare(`DELETE FROM cmdb_relationships WHERE target_item = ? AND ${own()}`),
    };
  }

  /** Creates or refreshes the active configuration item of a deployment. */
  upsertCmdbItem(item: CmdbItemInput): CmdbItem {
    return this.db
      .transaction(() => {
        const at = now();
        const existing = this.s.cmdbActive.get(item.deploymentId);
        if (existing) {
          this.s.cmdbUpdate.run({
            id: existing.id,
            name: item.name,
            providerId: item.providerId,
            urn: item.urn,
            attributes: JSON.stringify(item.attributes),
            at,
          });
        } else {
          this.s.cmdbInsert.run({ ...item, attributes: JSON.stringify(item.attributes), at });
        }
        return toCmdbItem(this.s.cmdbActive.get(item.deploymentId)!);
      })
      .immediate();
  }

  activeCmdbItem(deploymentId: string): CmdbItem | undefined {
    const row = this.s.cmdbActive.get(deploymentId);
    return row ? toCmdbItem(row) : undefined;
  }

  cmdbItemsOf(deploymentId: string): CmdbItem[] {
    return this.s.cmdbOf.all(deploymentId).map(toCmdbItem);
  }

  cmdbItems(): CmdbItem[] {
    return this.s.cmdbAll.all().map(toCmdbItem);
  }

  /** Replaces the incoming relationships of `target` with `sources`. */
  relate(target: string, sources: { source: string; kind: string; detail: string }[]): void {
    this.db
      .transaction(() => {
        this.s.unrelateTarget.run(target);
        for (const source of sources)
          this.s.relate.run({ source: source.source, target, kind: source.kind, detail: source.detail, at: now() });
      })
      .immediate();
  }

  relationships(): CmdbRelationship[] {
    return this.s.relationships
      .all()
      .map((row) => ({ source: row.source_item, target: row.target_item, kind: row.kind, detail: row.detail }));
  }

  /** Marks the active item of a deployment decommissioned (it stays, as history). */
  decommission(deploymentId: string): void {
    const at = now();
    this.s.cmdbDecommission.run(at, at, deploymentId);
  }
}

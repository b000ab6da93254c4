import type { CmdbItem, CmdbRelationship } from '../../api/schemas/deployments.js';
import { own } from '../rows/tenant-sql.js';
import type { CmdbItemInput } from '../ports/deployment-records.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import { type CmdbItemRow, toCmdbItem as decodeCmdbItem } from '../rows/deployment-rows.js';

const toCmdbItem = (row: CmdbItemRow) => decodeCmdbItem(row, postgresColumns);

const now = (): string => new Date().toISOString();

/**
 * The CMDB: one active configuration item per deployment (decommissioned ones stay as history) and
 * the relationships between items. Creating or refreshing the active item is one upsert on the
 * unique index of active items, so two refreshes side by side never make two.
 */
export class PgCmdbRepository {
  async upsertCmdbItem(sql: Sql, item: CmdbItemInput): Promise<CmdbItem> {
    const row = await sql.row<CmdbItemRow>(
      `INSERT INTO cmdb_items (id, deployment_id, environment, name, semantic_type, provider, provider_id, urn, attributes, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 'active', $10, $10)
       ON CONFLICT (deployment_id) WHERE status = 'active'
       DO UPDATE SET name = excluded.name, provider_id = excluded.provider_id, urn = excluded.urn, attributes = excluded.attributes, updated_at = excluded.updated_at
       WHERE ${own('cmdb_items.')}
       RETURNING *`,
      [
        item.id,
        item.deploymentId,
        item.environment,
        item.name,
        item.semanticType,
        item.provider,
        item.providerId,
        item.urn,
        json(item.attributes),
        now(),
      ],
    );
    return toCmdbItem(row!);
  }

  async activeCmdbItem(sql: Sql, deploymentId: string): Promise<CmdbItem | undefined> {
    const row = await sql.row<CmdbItemRow>(`SELECT * FROM cmdb_items WHERE deployment_id = $1 AND status = 'active' AND ${own()}`, [
      deploymentId,
    ]);
    return row && toCmdbItem(row);
  }

  async cmdbItemsOf(sql: Sql, deploymentId: string): Promise<CmdbItem[]> {
    return (
      await sql.rows<CmdbItemRow>(`SELECT * FROM cmdb_items WHERE deployment_id = $1 AND ${own()} ORDER BY created_at DESC`, [deploymentId])
    ).map(toCmdbItem);
  }

  async cmdbItems(sql: Sql): Promise<CmdbItem[]> {
    return (await sql.rows<CmdbItemRow>(`SELECT * FROM cmdb_items WHERE ${own()} ORDER BY environment, name, created_at`)).map(toCmdbItem);
  }

  /** Replaces the incoming relationships of `target` with `sources`. */
  async relate(sql: Sql, target: string, sources: { source: string; kind: string; detail: string }[]): Promise<void> {
    await sql.run(`DELETE FROM cmdb_relationships WHERE target_item = $1 AND ${own()}`, [target]);
    for (const source of sources) {
      await sql.run(
        `INSERT INTO cmdb_relationships (source_item, target_item, kind, detail, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [source.source, target, source.kind, source.detail, now()],
      );
    }
  }

  async relationships(sql: Sql): Promise<CmdbRelationship[]> {
    const rows = await sql.rows<{ source_item: string; target_item: string; kind: string; detail: string }>(
      `SELECT source_item, target_item, kind, detail FROM cmdb_relationships WHERE ${own()} ORDER BY target_item, source_item, detail`,
    );
    return rows.map((row) => ({ source: row.source_item, target: row.target_item, kind: row.kind, detail: row.detail }));
  }

  /** Marks the active item of a deployment decommissioned (it stays, as history). */
  async decommission(sql: Sql, deploymentId: string): Promise<void> {
    const at = now();
    await sql.run(
      `UPDATE cmdb_items SET status = 'decommissioned', decommissioned_at = $2, updated_at = $2 WHERE deployment_id = $1 AND status = 'active' AND ${own()}`,
      [deploymentId, at],
    );
  }
}

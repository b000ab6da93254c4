import type { ComponentRecord, ComponentVersionRecord, NewComponent } from '../ports/catalog-records.js';
import { own, visible, writable } from '../rows/tenant-sql.js';
import { refuseNewRecord, requireWritable } from './tenant-checks.js';
import { checksSharedName, sharedNameRefusal, sharedNameSql } from '../rows/tenant-checks.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import * as catalogRows from '../rows/catalog-rows.js';
import type { ComponentRow, ComponentVersionRow } from '../rows/catalog-rows.js';

const toComponent = (row: ComponentRow) => catalogRows.toComponent(row, postgresColumns);
const toVersion = (row: ComponentVersionRow) => catalogRows.toComponentVersion(row, postgresColumns);

/**
 * The component catalog. A tenant sees its own components and the provider-level ones (`tenant`
 * null), its own winning on a name clash; drafts save by compare-and-swap on their revision;
 * published versions are immutable (a trigger refuses changing them).
 */
export class PgComponentRepository {
  async insert(sql: Sql, component: NewComponent): Promise<void> {
    await refuseNewRecord(sql, 'component', component.tenant);
    if (checksSharedName(component.tenant) && (await sql.row(sharedNameSql('components', '$1'), [component.name]))) {
      throw sharedNameRefusal('component', component.name);
    }
    await sql.run(
      `INSERT INTO components (id, tenant, name, provider, semantic_type, description, system, draft, draft_revision, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 1, $9, $9)`,
      [
        component.id,
        component.tenant,
        component.name,
        component.provider,
        component.semanticType,
        component.description,
        component.system,
        json(component.draft),
        component.createdAt,
      ],
    );
  }

  async byId(sql: Sql, id: string): Promise<ComponentRecord | undefined> {
    const row = await sql.row<ComponentRow>(`SELECT * FROM components WHERE id = $1 AND deleted_at IS NULL AND ${visible()}`, [id]);
    return row && toComponent(row);
  }

  async byName(sql: Sql, name: string, _tenant: string): Promise<ComponentRecord | undefined> {
    const row = await sql.row<ComponentRow>(
      `SELECT * FROM components WHERE name = $1 AND deleted_at IS NULL AND ${visible()}
       ORDER BY tenant = nimbus_tenant() IS NOT TRUE, tenant IS NULL LIMIT 1`,
      [name],
    );
    return row && toComponent(row);
  }

  async visible(sql: Sql, _tenant: string): Promise<ComponentRecord[]> {
    const rows = await sql.rows<ComponentRow>(
      `SELECT * FROM components WHERE deleted_at IS NULL AND ${visible()} ORDER BY name, tenant NULLS FIRST`,
    );
    return rows.map(toComponent);
  }

  async saveDraft(sql: Sql, id: string, expected: number, draft: unknown, description: string, now: string): Promise<boolean> {
    await requireWritable(sql, 'components', 'component', id, false);
    const changed = await sql.run(
      `UPDATE components SET draft = $3::jsonb, description = $4, draft_revision = draft_revision + 1, updated_at = $5
       WHERE id = $1 AND draft_revision = $2 AND deleted_at IS NULL AND ${writable()}`,
      [id, expected, json(draft), description, now],
    );
    return changed === 1;
  }

  async insertVersion(sql: Sql, version: ComponentVersionRecord): Promise<void> {
    await requireWritable(sql, 'components', 'component', version.componentId, true);
    await sql.run(
      `INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
      [version.componentId, version.version, json(version.definition), version.changelog, version.publishedAt, version.publishedBy],
    );
  }

  async versions(sql: Sql, componentId: string): Promise<ComponentVersionRecord[]> {
    return (
      await sql.rows<ComponentVersionRow>(`SELECT * FROM component_versions WHERE component_id = $1 AND ${visible()} ORDER BY version`, [
        componentId,
      ])
    ).map(toVersion);
  }

  async version(sql: Sql, componentId: string, version: number): Promise<ComponentVersionRecord | undefined> {
    const row = await sql.row<ComponentVersionRow>(
      `SELECT * FROM component_versions WHERE component_id = $1 AND version = $2 AND ${visible()}`,
      [componentId, version],
    );
    return row && toVersion(row);
  }

  async latest(sql: Sql, componentId: string): Promise<ComponentVersionRecord | undefined> {
    const row = await sql.row<ComponentVersionRow>(
      `SELECT * FROM component_versions WHERE component_id = $1 AND ${visible()} ORDER BY version DESC LIMIT 1`,
      [componentId],
    );
    return row && toVersion(row);
  }

  /** A tenant's governance policy as stored (the governance service validates it), or undefined. */
  async policy(sql: Sql, tenant: string): Promise<unknown> {
    const row = await sql.row<{ policy: unknown }>(`SELECT policy FROM governance_policies WHERE tenant = $1 AND ${own()}`, [tenant]);
    return row?.policy;
  }

  async savePolicy(sql: Sql, tenant: string, policy: unknown, now: string): Promise<void> {
    await refuseNewRecord(sql, 'governance policy', tenant, false);
    await sql.run(
      `INSERT INTO governance_policies (tenant, policy, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (tenant) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at
       WHERE ${own('governance_policies.')}`,
      [tenant, json(policy), now],
    );
  }
}

import type { SqliteDatabase } from './sqlite.js';
import { own, visible, writable } from './rows/tenant-sql.js';
import { checksSharedName, newRecordRefusal, readOnlyRefusal, sharedNameRefusal, sharedNameSql } from './rows/tenant-checks.js';
import { NotFoundError } from '../errors.js';
import { currentTenantScope } from '../context/tenant-scope.js';
import type { ComponentRecord, NewComponent, ComponentVersionRecord } from './ports/catalog-records.js';
export type { ComponentRecord, NewComponent, ComponentVersionRecord } from './ports/catalog-records.js';
import { mapRow, sqliteColumns } from './rows/decode.js';
import * as catalogRows from './rows/catalog-rows.js';
import type { ComponentRow, ComponentVersionRow } from './rows/catalog-rows.js';

const toComponent = (row: ComponentRow | undefined) => mapRow(row, (found) => catalogRows.toComponent(found, sqliteColumns));
const toVersion = (row: ComponentVersionRow | undefined) => mapRow(row, (found) => catalogRows.toComponentVersion(found, sqliteColumns));

/** SQL of the component catalog: components with drafts, immutable versions, governance policies. */
export class ComponentRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO components (id, name, provider, semantic_type, tenant, description, system, draft, draft_revision, created_at, updated_at)
         VALUES (@id, @name, @provider, @semanticType, @tenant, @description, @system, @draft, 1, @createdAt, @createdAt)`,
      ),
      byId: db.prepare<[string], ComponentRow>(`SELECT * FROM components WHERE id = ? AND deleted_at IS NULL AND ${visible()}`),
      // A tenant sees its own components, its ancestors' and the provider-level (shared) ones; its own win on a name clash.
      byName: db.prepare<[string], ComponentRow>(
        `SELECT * FROM components WHERE name = ? AND deleted_at IS NULL AND ${visible()}
         ORDER BY coalesce(tenant = nimbus_tenant(), 0) DESC, tenant IS NULL LIMIT 1`,
      ),
      visible: db.prepare<[], ComponentRow>(`SELECT * FROM components WHERE deleted_at IS NULL AND ${visible()} ORDER BY name`),
      access: db.prepare<[string], { writable: number }>(`SELECT ${writable()} AS writable FROM components WHERE id = ? AND ${visible()}`),
      subTenant: db.prepare<[string | null], { id: string }>('SELECT id FROM tenants WHERE id = ? AND parent IS NOT NULL'),
      sharedNamed: db.prepare<[string], { taken: number }>(sharedNameSql('components', '?')),
      saveDraft: db.prepare(
        `UPDATE components SET draft = @draft, description = @description, draft_revision = draft_revision + 1, updated_at = @now
         WHERE id = @id AND draft_revision = @expected AND deleted_at IS NULL AND ${writable()}`,
      ),
      insertVersion: db.prepare(
        `INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by, tenant)
         VALUES (@componentId, @version, @definition, @changelog, @publishedAt, @publishedBy,
           (SELECT tenant FROM components WHERE id = @componentId))`,
      ),
      versions: db.prepare<[string], ComponentVersionRow>(
        `SELECT * FROM component_versions WHERE component_id = ? AND ${visible()} ORDER BY version`,
      ),
      version: db.prepare<[string, number], ComponentVersionRow>(
        `SELECT * FROM component_versions WHERE component_id = ? AND version = ? AND ${visible()}`,
      ),
      latest: db.prepare<[string], ComponentVersionRow>(
        `SELECT * FROM component_versions WHERE component_id = ? AND ${visible()} ORDER BY version DESC LIMIT 1`,
      ),
      policy: db.prepare<[string], { policy: string }>(`SELECT policy FROM governance_policies WHERE tenant = ? AND ${own()}`),
      savePolicy: db.prepare(
        `INSERT INTO governance_policies (tenant, policy, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (tenant) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
      ),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Refuses a change to a component of a tenant above (`forbidden`); an unseen one is `not_found` when `mustExist`. */
  private requireWritable(id: string, mustExist: boolean): void {
    const access = this.statements.access.get(id);
    if (access && !access.writable) throw readOnlyRefusal('component', id);
    if (!access && mustExist) throw new NotFoundError('component', id);
  }

  /** Refuses (`forbidden`) a component for another tenant, or a provider-level one below the provider. */
  insert(component: NewComponent): void {
    const refusal = newRecordRefusal('component', component.tenant, !this.statements.subTenant.get(currentTenantScope().tenant));
    if (refusal) throw refusal;
    if (checksSharedName(component.tenant) && this.statements.sharedNamed.get(component.name))
      throw sharedNameRefusal('component', component.name);
    this.statements.insert.run({ ...component, system: component.system ? 1 : 0, draft: JSON.stringify(component.draft) });
  }
  byId(id: string): ComponentRecord | undefined {
    return toComponent(this.statements.byId.get(id));
  }
  /** What the current tenant scope sees (`tenant` names it for the caller; the scope decides). */
  byName(name: string, _tenant: string): ComponentRecord | undefined {
    return toComponent(this.statements.byName.get(name));
  }
  visible(_tenant: string): ComponentRecord[] {
    return this.statements.visible.all().map((row) => toComponent(row)!);
  }
  /** Compare-and-swap on the draft revision; false when it moved on; `forbidden` for an ancestor's component. */
  saveDraft(id: string, expected: number, draft: unknown, description: string, now: string): boolean {
    this.requireWritable(id, false);
    return this.statements.saveDraft.run({ id, expected, draft: JSON.stringify(draft), description, now }).changes === 1;
  }
  insertVersion(version: ComponentVersionRecord): void {
    this.requireWritable(version.componentId, true);
    this.statements.insertVersion.run({ ...version, definition: JSON.stringify(version.definition) });
  }
  versions(componentId: string): ComponentVersionRecord[] {
    return this.statements.versions.all(componentId).map((row) => toVersion(row)!);
  }
  version(componentId: string, version: number): ComponentVersionRecord | undefined {
    return toVersion(this.statements.version.get(componentId, version));
  }
  latest(componentId: string): ComponentVersionRecord | undefined {
    return toVersion(this.statements.latest.get(componentId));
  }
  /** A tenant's governance policy as stored (the governance service validates it), or undefined. */
  policy(tenant: string): unknown {
    const row = this.statements.policy.get(tenant);
    return row ? (JSON.parse(row.policy) as unknown) : undefined;
  }
  /** Refuses (`forbidden`) another tenant's policy. */
  savePolicy(tenant: string, policy: unknown, now: string): void {
    const refusal = newRecordRefusal('governance policy', tenant, false);
    if (refusal) throw refusal;
    this.statements.savePolicy.run(tenant, JSON.stringify(policy), now);
  }
}

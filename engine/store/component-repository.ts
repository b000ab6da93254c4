import type { SqliteDatabase } from './sqlite.js';

export interface ComponentRow {
  id: string;
  name: string;
  provider: string;
  semantic_type: string;
  tenant: string | null;
  description: string;
  system: number;
  draft: string;
  draft_revision: number;
  created_at: string;
  updated_at: string;
}

export interface ComponentVersionRow {
  component_id: string;
  version: number;
  definition: string;
  changelog: string;
  published_at: string;
  published_by: string;
}

/** SQL of the component catalog: components with drafts, immutable versions, governance policies. */
export class ComponentRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO components (id, name, provider, semantic_type, tenant, description, system, draft, draft_revision, created_at, updated_at)
         VALUES (@id, @name, @provider, @semantic_type, @tenant, @description, @system, @draft, 1, @created_at, @created_at)`,
      ),
      byId: db.prepare<[string], ComponentRow>('SELECT * FROM components WHERE id = ? AND deleted_at IS NULL'),
      // A tenant sees its own components and the provider-level (shared) ones; its own win on a name clash.
      byName: db.prepare<[string, string], ComponentRow>(
        `SELECT * FROM components WHERE name = ? AND deleted_at IS NULL AND (tenant IS NULL OR tenant = ?)
         ORDER BY tenant IS NULL LIMIT 1`,
      ),
      visible: db.prepare<[string], ComponentRow>(
        'SELECT * FROM components WHERE deleted_at IS NULL AND (tenant IS NULL OR tenant = ?) ORDER BY name',
      ),
      saveDraft: db.prepare(
        `UPDATE components SET draft = @draft, description = @description, draft_revision = draft_revision + 1, updated_at = @now
         WHERE id = @id AND draft_revision = @expected AND deleted_at IS NULL`,
      ),
      insertVersion: db.prepare(
        `INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by)
         VALUES (@component_id, @version, @definition, @changelog, @published_at, @published_by)`,
      ),
      versions: db.prepare<[string], ComponentVersionRow>('SELECT * FROM component_versions WHERE component_id = ? ORDER BY version'),
      version: db.prepare<[string, number], ComponentVersionRow>('SELECT * FROM component_versions WHERE component_id = ? AND version = ?'),
      latest: db.prepare<[string], ComponentVersionRow>('SELECT * FROM component_versions WHERE component_id = ? ORDER BY version DESC LIMIT 1'),
      policy: db.prepare<[string], { policy: string }>('SELECT policy FROM governance_policies WHERE tenant = ?'),
      savePolicy: db.prepare(
        `INSERT INTO governance_policies (tenant, policy, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (tenant) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
      ),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(row: Omit<ComponentRow, 'draft_revision' | 'updated_at'>): void {
    this.statements.insert.run(row);
  }
  byId(id: string): ComponentRow | undefined {
    return this.statements.byId.get(id);
  }
  byName(name: string, tenant: string): ComponentRow | undefined {
    return this.statements.byName.get(name, tenant);
  }
  visible(tenant: string): ComponentRow[] {
    return this.statements.visible.all(tenant);
  }
  /** Compare-and-swap on the draft revision; false when it moved on. */
  saveDraft(id: string, expected: number, draft: string, description: string, now: string): boolean {
    return this.statements.saveDraft.run({ id, expected, draft, description, now }).changes === 1;
  }
  insertVersion(row: ComponentVersionRow): void {
    this.statements.insertVersion.run(row);
  }
  versions(componentId: string): ComponentVersionRow[] {
    return this.statements.versions.all(componentId);
  }
  version(componentId: string, version: number): ComponentVersionRow | undefined {
    return this.statements.version.get(componentId, version);
  }
  latest(componentId: string): ComponentVersionRow | undefined {
    return this.statements.latest.get(componentId);
  }
  policy(tenant: string): string | undefined {
    return this.statements.policy.get(tenant)?.policy;
  }
  savePolicy(tenant: string, policy: string, now: string): void {
    this.statements.savePolicy.run(tenant, policy, now);
  }
}

import type { SqliteDatabase } from './sqlite.js';

export interface LandingZoneRow {
  id: string;
  name: string;
  provider: string;
  description: string;
  resolver_config: string;
  created_at: string;
  updated_at: string;
}

export interface EnvironmentTemplateRow {
  id: string;
  landing_zone_id: string;
  name: string;
  mandatory_components: string;
  resolver_overrides: string;
  created_at: string;
}

export interface EnvironmentRow {
  id: string;
  landing_zone_id: string;
  template_id: string | null;
  name: string;
  resolver_overrides: string;
  created_at: string;
  updated_at: string;
}

/** SQL for landing zones, environment templates and environments. */
export class LandingZoneRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insertZone: db.prepare(
        `INSERT INTO landing_zones (id, name, provider, description, resolver_config, created_at, updated_at)
         VALUES (@id, @name, @provider, @description, @resolver_config, @created_at, @updated_at)`,
      ),
      zoneById: db.prepare<[string], LandingZoneRow>('SELECT * FROM landing_zones WHERE id = ? AND deleted_at IS NULL'),
      zoneByName: db.prepare<[string], LandingZoneRow>('SELECT * FROM landing_zones WHERE name = ? AND deleted_at IS NULL'),
      zones: db.prepare<[], LandingZoneRow>('SELECT * FROM landing_zones WHERE deleted_at IS NULL ORDER BY name'),
      insertTemplate: db.prepare(
        `INSERT INTO environment_templates (id, landing_zone_id, name, mandatory_components, resolver_overrides, created_at)
         VALUES (@id, @landing_zone_id, @name, @mandatory_components, @resolver_overrides, @created_at)`,
      ),
      templateById: db.prepare<[string], EnvironmentTemplateRow>('SELECT * FROM environment_templates WHERE id = ? AND deleted_at IS NULL'),
      templateByName: db.prepare<[string, string], EnvironmentTemplateRow>(
        'SELECT * FROM environment_templates WHERE landing_zone_id = ? AND name = ? AND deleted_at IS NULL',
      ),
      templates: db.prepare<[string], EnvironmentTemplateRow>('SELECT * FROM environment_templates WHERE landing_zone_id = ? AND deleted_at IS NULL ORDER BY name'),
      insertEnvironment: db.prepare(
        `INSERT INTO environments (id, landing_zone_id, template_id, name, resolver_overrides, created_at, updated_at)
         VALUES (@id, @landing_zone_id, @template_id, @name, @resolver_overrides, @created_at, @updated_at)`,
      ),
      environmentById: db.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE id = ? AND deleted_at IS NULL'),
      environmentByName: db.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE name = ? AND deleted_at IS NULL'),
      environments: db.prepare<[], EnvironmentRow>('SELECT * FROM environments WHERE deleted_at IS NULL ORDER BY name'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insertZone(row: LandingZoneRow): void {
    this.statements.insertZone.run(row);
  }
  zone(idOrName: string): LandingZoneRow | undefined {
    return this.statements.zoneById.get(idOrName) ?? this.statements.zoneByName.get(idOrName);
  }
  zones(): LandingZoneRow[] {
    return this.statements.zones.all();
  }
  insertTemplate(row: EnvironmentTemplateRow): void {
    this.statements.insertTemplate.run(row);
  }
  template(zoneId: string, idOrName: string): EnvironmentTemplateRow | undefined {
    const byId = this.statements.templateById.get(idOrName);
    return byId?.landing_zone_id === zoneId ? byId : this.statements.templateByName.get(zoneId, idOrName);
  }
  templateById(id: string): EnvironmentTemplateRow | undefined {
    return this.statements.templateById.get(id);
  }
  templates(zoneId: string): EnvironmentTemplateRow[] {
    return this.statements.templates.all(zoneId);
  }
  insertEnvironment(row: EnvironmentRow): void {
    this.statements.insertEnvironment.run(row);
  }
  environment(idOrName: string): EnvironmentRow | undefined {
    return this.statements.environmentById.get(idOrName) ?? this.statements.environmentByName.get(idOrName);
  }
  environments(): EnvironmentRow[] {
    return this.statements.environments.all();
  }
}

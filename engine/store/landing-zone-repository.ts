import type { SqliteDatabase } from './sqlite.js';
import type { LandingZoneRecord, EnvironmentTemplateRecord, EnvironmentRecord } from './ports/resolver-records.js';
export type { LandingZoneRecord, EnvironmentTemplateRecord, EnvironmentRecord } from './ports/resolver-records.js';
import { mapRow, sqliteColumns } from './rows/decode.js';
import * as landingZoneRows from './rows/landing-zone-rows.js';
import type { EnvironmentRow, EnvironmentTemplateRow, LandingZoneRow } from './rows/landing-zone-rows.js';

const toZone = (row: LandingZoneRow | undefined) => mapRow(row, (found) => landingZoneRows.toZone(found, sqliteColumns));
const toTemplate = (row: EnvironmentTemplateRow | undefined) => mapRow(row, (found) => landingZoneRows.toTemplate(found, sqliteColumns));
const toEnvironment = (row: EnvironmentRow | undefined) => mapRow(row, (found) => landingZoneRows.toEnvironment(found, sqliteColumns));

/** SQL for landing zones, environment templates and environments. */
export class LandingZoneRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insertZone: db.prepare(
        `INSERT INTO landing_zones (id, name, provider, description, resolver_config, created_at, updated_at)
         VALUES (@id, @name, @provider, @description, @resolverConfig, @createdAt, @updatedAt)`,
      ),
      zoneById: db.prepare<[string], LandingZoneRow>('SELECT * FROM landing_zones WHERE id = ? AND deleted_at IS NULL'),
      zoneByName: db.prepare<[string], LandingZoneRow>('SELECT * FROM landing_zones WHERE name = ? AND deleted_at IS NULL'),
      zones: db.prepare<[], LandingZoneRow>('SELECT * FROM landing_zones WHERE deleted_at IS NULL ORDER BY name'),
      insertTemplate: db.prepare(
        `INSERT INTO environment_templates (id, landing_zone_id, name, mandatory_components, resolver_overrides, created_at)
         VALUES (@id, @landingZoneId, @name, @mandatoryComponents, @resolverOverrides, @createdAt)`,
      ),
      templateById: db.prepare<[string], EnvironmentTemplateRow>('SELECT * FROM environment_templates WHERE id = ? AND deleted_at IS NULL'),
      templateByName: db.prepare<[string, string], EnvironmentTemplateRow>(
        'SELECT * FROM environment_templates WHERE landing_zone_id = ? AND name = ? AND deleted_at IS NULL',
      ),
      templates: db.prepare<[string], EnvironmentTemplateRow>(
        'SELECT * FROM environment_templates WHERE landing_zone_id = ? AND deleted_at IS NULL ORDER BY name',
      ),
      insertEnvironment: db.prepare(
        `INSERT INTO environments (id, landing_zone_id, template_id, name, resolver_overrides, created_at, updated_at)
         VALUES (@id, @landingZoneId, @templateId, @name, @resolverOverrides, @createdAt, @updatedAt)`,
      ),
      environmentById: db.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE id = ? AND deleted_at IS NULL'),
      environmentByName: db.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE name = ? AND deleted_at IS NULL'),
      environments: db.prepare<[], EnvironmentRow>('SELECT * FROM environments WHERE deleted_at IS NULL ORDER BY name'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insertZone(zone: LandingZoneRecord): void {
    this.statements.insertZone.run({ ...zone, resolverConfig: JSON.stringify(zone.resolverConfig) });
  }
  zone(idOrName: string): LandingZoneRecord | undefined {
    return toZone(this.statements.zoneById.get(idOrName) ?? this.statements.zoneByName.get(idOrName));
  }
  zones(): LandingZoneRecord[] {
    return this.statements.zones.all().map((row) => toZone(row)!);
  }
  insertTemplate(template: EnvironmentTemplateRecord): void {
    this.statements.insertTemplate.run({
      ...template,
      mandatoryComponents: JSON.stringify(template.mandatoryComponents),
      resolverOverrides: JSON.stringify(template.resolverOverrides),
    });
  }
  template(zoneId: string, idOrName: string): EnvironmentTemplateRecord | undefined {
    const byId = this.statements.templateById.get(idOrName);
    return toTemplate(byId?.landing_zone_id === zoneId ? byId : this.statements.templateByName.get(zoneId, idOrName));
  }
  templateById(id: string): EnvironmentTemplateRecord | undefined {
    return toTemplate(this.statements.templateById.get(id));
  }
  templates(zoneId: string): EnvironmentTemplateRecord[] {
    return this.statements.templates.all(zoneId).map((row) => toTemplate(row)!);
  }
  insertEnvironment(environment: EnvironmentRecord): void {
    this.statements.insertEnvironment.run({ ...environment, resolverOverrides: JSON.stringify(environment.resolverOverrides) });
  }
  environment(idOrName: string): EnvironmentRecord | undefined {
    return toEnvironment(this.statements.environmentById.get(idOrName) ?? this.statements.environmentByName.get(idOrName));
  }
  environments(): EnvironmentRecord[] {
    return this.statements.environments.all().map((row) => toEnvironment(row)!);
  }
}

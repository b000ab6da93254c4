import { TenantScopeError } from '../context/tenant-scope.js';
import { readOnlyRefusal } from './rows/tenant-checks.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, visible, writable } from './rows/tenant-sql.js';
import type { LandingZoneRecord, EnvironmentTemplateRecord, EnvironmentRecord, NewEnvironmentTemplate } from './ports/resolver-records.js';
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
        `INSERT INTO landing_zones (id, name, provider, description, resolver_config, created_at, updated_at, tenant)
         VALUES (@id, @name, @provider, @description, @resolverConfig, @createdAt, @updatedAt, ${NEW_TENANT})`,
      ),
      zoneById: db.prepare<[string], LandingZoneRow>(`SELECT * FROM landing_zones WHERE id = ? AND deleted_at IS NULL AND ${visible()}`),
      zoneByName: db.prepare<[string], LandingZoneRow>(`SELECT * FROM landing_zones WHERE name = ? AND deleted_at IS NULL AND ${visible()}
         ORDER BY coalesce(tenant = nimbus_tenant(), 0) DESC LIMIT 1`),
      zones: db.prepare<[], LandingZoneRow>(`SELECT * FROM landing_zones WHERE deleted_at IS NULL AND ${visible()} ORDER BY name`),
      insertTemplate: db.prepare(
        `INSERT INTO environment_templates (id, landing_zone_id, name, mandatory_components, component_defaults, resolver_overrides, created_at, tenant)
         VALUES (@id, @landingZoneId, @name, @mandatoryComponents, @componentDefaults, @resolverOverrides, @createdAt,
           (SELECT tenant FROM landing_zones WHERE id = @landingZoneId AND ${writable()}))`,
      ),
      templateById: db.prepare<[string], EnvironmentTemplateRow>(
        `SELECT * FROM environment_templates WHERE id = ? AND deleted_at IS NULL AND ${visible()}`,
      ),
      templateByName: db.prepare<[string, string], EnvironmentTemplateRow>(
        `SELECT * FROM environment_templates WHERE landing_zone_id = ? AND name = ? AND deleted_at IS NULL AND ${visible()}`,
      ),
      templates: db.prepare<[string], EnvironmentTemplateRow>(
        `SELECT * FROM environment_templates WHERE landing_zone_id = ? AND deleted_at IS NULL AND ${visible()} ORDER BY name`,
      ),
      insertEnvironment: db.prepare(
        `INSERT INTO environments (id, landing_zone_id, template_id, name, resolver_overrides, created_at, updated_at, tenant)
         VALUES (@id, @landingZoneId, @templateId, @name, @resolverOverrides, @createdAt, @updatedAt, ${NEW_TENANT})`,
      ),
      environmentById: db.prepare<[string], EnvironmentRow>(`SELECT * FROM environments WHERE id = ? AND deleted_at IS NULL AND ${own()}`),
      environmentByName: db.prepare<[string], EnvironmentRow>(
        `SELECT * FROM environments WHERE name = ? AND deleted_at IS NULL AND ${own()}`,
      ),
      readOnlyZone: db.prepare<[string], { id: string }>(
        `SELECT id FROM landing_zones WHERE id = ? AND ${visible()} AND NOT ${writable()}`,
      ),
      environments: db.prepare<[], EnvironmentRow>(`SELECT * FROM environments WHERE deleted_at IS NULL AND ${own()} ORDER BY name`),
      // Past the tenant filter on purpose: see environmentsOfZoneElsewhere.
      environmentsOfZoneElsewhere: db.prepare<[string], { tenant: string; name: string }>(
        `SELECT tenant, name FROM environments WHERE landing_zone_id = ? AND deleted_at IS NULL AND tenant IS NOT nimbus_tenant() ORDER BY tenant, name`,
      ),
      ...editStatements(db),
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
  /** Refuses (`forbidden`) a template for a landing zone of a tenant above: visible here, not writable. */
  insertTemplate(template: NewEnvironmentTemplate): void {
    if (this.statements.readOnlyZone.get(template.landingZoneId)) {
      throw new TenantScopeError(
        `Landing zone ${template.landingZoneId} belongs to a tenant above yours; it can be used here, not changed`,
        {
          landingZone: template.landingZoneId,
        },
      );
    }
    this.statements.insertTemplate.run({
      ...template,
      mandatoryComponents: JSON.stringify(template.mandatoryComponents),
      componentDefaults: JSON.stringify(template.componentDefaults ?? {}),
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
  environmentsOfZoneElsewhere(zoneId: string): { tenant: string; name: string }[] {
    return this.statements.environmentsOfZoneElsewhere.all(zoneId);
  }
  // Editing and removing landing zones, templates and environments.
  /** Refuses (`forbidden`) a zone of a tenant above; false when no live zone has that id. */
  updateZone(zone: Pick<LandingZoneRecord, 'id' | 'name' | 'description' | 'resolverConfig' | 'updatedAt'>): boolean {
    this.refuseReadOnlyZone(zone.id);
    return this.statements.updateZone.run({ ...zone, resolverConfig: JSON.stringify(zone.resolverConfig) }).changes > 0;
  }
  /** Soft-deletes a zone and its live templates. */
  deleteZone(id: string, at: string): boolean {
    this.refuseReadOnlyZone(id);
    this.statements.deleteZoneTemplates.run({ id, at });
    return this.statements.deleteZone.run({ id, at }).changes > 0;
  }
  updateTemplate(
    template: Pick<EnvironmentTemplateRecord, 'id' | 'name' | 'mandatoryComponents' | 'componentDefaults' | 'resolverOverrides'>,
  ): boolean {
    this.refuseReadOnlyTemplate(template.id);
    return (
      this.statements.updateTemplate.run({
        ...template,
        mandatoryComponents: JSON.stringify(template.mandatoryComponents),
        componentDefaults: JSON.stringify(template.componentDefaults),
        resolverOverrides: JSON.stringify(template.resolverOverrides),
      }).changes > 0
    );
  }
  deleteTemplate(id: string, at: string): boolean {
    this.refuseReadOnlyTemplate(id);
    return this.statements.deleteTemplate.run({ id, at }).changes > 0;
  }
  updateEnvironment(environment: Pick<EnvironmentRecord, 'id' | 'name' | 'resolverOverrides' | 'updatedAt'>): boolean {
    return (
      this.statements.updateEnvironment.run({ ...environment, resolverOverrides: JSON.stringify(environment.resolverOverrides) }).changes >
      0
    );
  }
  deleteEnvironment(id: string, at: string): boolean {
    return this.statements.deleteEnvironment.run({ id, at }).changes > 0;
  }
  private refuseReadOnlyZone(id: string): void {
    if (this.statements.readOnlyZone.get(id)) throw readOnlyRefusal('landing zone', id);
  }
  private refuseReadOnlyTemplate(id: string): void {
    if (this.statements.readOnlyTemplate.get({ id })) throw readOnlyRefusal('environment template', id);
  }
}

/** The statements of zone, template and environment edits and deletes (writable rows of the scope only). */
function editStatements(db: SqliteDatabase) {
  return {
    updateZone: db.prepare(
      `UPDATE landing_zones SET name = @name, description = @description, resolver_config = @resolverConfig, updated_at = @updatedAt
       WHERE id = @id AND deleted_at IS NULL AND ${writable()}`,
    ),
    deleteZone: db.prepare(`UPDATE landing_zones SET deleted_at = @at WHERE id = @id AND deleted_at IS NULL AND ${writable()}`),
    deleteZoneTemplates: db.prepare(
      `UPDATE environment_templates SET deleted_at = @at WHERE landing_zone_id = @id AND deleted_at IS NULL AND ${writable()}`,
    ),
    readOnlyTemplate: db.prepare<{ id: string }, { id: string }>(
      `SELECT id FROM environment_templates WHERE id = @id AND deleted_at IS NULL AND ${visible()} AND NOT ${writable()}`,
    ),
    updateTemplate: db.prepare(
      `UPDATE environment_templates SET name = @name, mandatory_components = @mandatoryComponents, component_defaults = @componentDefaults,
         resolver_overrides = @resolverOverrides
       WHERE id = @id AND deleted_at IS NULL AND ${writable()}`,
    ),
    deleteTemplate: db.prepare(`UPDATE environment_templates SET deleted_at = @at WHERE id = @id AND deleted_at IS NULL AND ${writable()}`),
    updateEnvironment: db.prepare(
      `UPDATE environments SET name = @name, resolver_overrides = @resolverOverrides, updated_at = @updatedAt
       WHERE id = @id AND deleted_at IS NULL AND ${own()}`,
    ),
    deleteEnvironment: db.prepare(`UPDATE environments SET deleted_at = @at WHERE id = @id AND deleted_at IS NULL AND ${own()}`),
  };
}

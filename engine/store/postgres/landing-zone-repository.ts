import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord } from '../ports/resolver-records.js';
import { own, visible, writable } from '../rows/tenant-sql.js';
import { readOnlyRefusal } from '../rows/tenant-checks.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import * as landingZoneRows from '../rows/landing-zone-rows.js';
import type { EnvironmentRow, EnvironmentTemplateRow, LandingZoneRow } from '../rows/landing-zone-rows.js';

const toZone = (row: LandingZoneRow) => landingZoneRows.toZone(row, postgresColumns);
const toTemplate = (row: EnvironmentTemplateRow) => landingZoneRows.toTemplate(row, postgresColumns);
const toEnvironment = (row: EnvironmentRow) => landingZoneRows.toEnvironment(row, postgresColumns);

/** Landing zones, environment templates and environments; lookups by id win over lookups by name. */
export class PgLandingZoneRepository {
  async insertZone(sql: Sql, zone: LandingZoneRecord): Promise<void> {
    await sql.run(
      `INSERT INTO landing_zones (id, name, provider, description, resolver_config, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [zone.id, zone.name, zone.provider, zone.description, json(zone.resolverConfig), zone.createdAt, zone.updatedAt],
    );
  }

  async zone(sql: Sql, idOrName: string): Promise<LandingZoneRecord | undefined> {
    const row = await sql.row<LandingZoneRow>(
      `SELECT * FROM landing_zones WHERE (id = $1 OR name = $1) AND deleted_at IS NULL AND ${visible()}
       ORDER BY id = $1 DESC, tenant = nimbus_tenant() IS NOT TRUE LIMIT 1`,
      [idOrName],
    );
    return row && toZone(row);
  }

  async zones(sql: Sql): Promise<LandingZoneRecord[]> {
    return (await sql.rows<LandingZoneRow>(`SELECT * FROM landing_zones WHERE deleted_at IS NULL AND ${visible()} ORDER BY name`)).map(
      toZone,
    );
  }

  /** Refuses (`forbidden`) a template for a landing zone of a tenant above: visible here, not writable. */
  async insertTemplate(sql: Sql, template: EnvironmentTemplateRecord): Promise<void> {
    const readOnly = await sql.row(`SELECT 1 FROM landing_zones WHERE id = $1 AND ${visible()} AND NOT ${writable()}`, [
      template.landingZoneId,
    ]);
    if (readOnly) throw readOnlyRefusal('landing zone', template.landingZoneId);
    await sql.run(
      `INSERT INTO environment_templates (id, landing_zone_id, name, mandatory_components, resolver_overrides, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
      [
        template.id,
        template.landingZoneId,
        template.name,
        json(template.mandatoryComponents),
        json(template.resolverOverrides),
        template.createdAt,
      ],
    );
  }

  async template(sql: Sql, zoneId: string, idOrName: string): Promise<EnvironmentTemplateRecord | undefined> {
    const row = await sql.row<EnvironmentTemplateRow>(
      `SELECT * FROM environment_templates WHERE (landing_zone_id = $1 AND (id = $2 OR name = $2) AND deleted_at IS NULL) AND ${visible()} ORDER BY id = $2 DESC LIMIT 1`,
      [zoneId, idOrName],
    );
    return row && toTemplate(row);
  }

  async templateById(sql: Sql, id: string): Promise<EnvironmentTemplateRecord | undefined> {
    const row = await sql.row<EnvironmentTemplateRow>(
      `SELECT * FROM environment_templates WHERE id = $1 AND deleted_at IS NULL AND ${visible()}`,
      [id],
    );
    return row && toTemplate(row);
  }

  async templates(sql: Sql, zoneId: string): Promise<EnvironmentTemplateRecord[]> {
    const rows = await sql.rows<EnvironmentTemplateRow>(
      `SELECT * FROM environment_templates WHERE landing_zone_id = $1 AND deleted_at IS NULL AND ${visible()} ORDER BY name`,
      [zoneId],
    );
    return rows.map(toTemplate);
  }

  async insertEnvironment(sql: Sql, environment: EnvironmentRecord): Promise<void> {
    await sql.run(
      `INSERT INTO environments (id, landing_zone_id, template_id, name, resolver_overrides, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        environment.id,
        environment.landingZoneId,
        environment.templateId,
        environment.name,
        json(environment.resolverOverrides),
        environment.createdAt,
        environment.updatedAt,
      ],
    );
  }

  async environment(sql: Sql, idOrName: string): Promise<EnvironmentRecord | undefined> {
    const row = await sql.row<EnvironmentRow>(
      `SELECT * FROM environments WHERE ((id = $1 OR name = $1) AND deleted_at IS NULL) AND ${own()} ORDER BY id = $1 DESC LIMIT 1`,
      [idOrName],
    );
    return row && toEnvironment(row);
  }

  async environments(sql: Sql): Promise<EnvironmentRecord[]> {
    return (await sql.rows<EnvironmentRow>(`SELECT * FROM environments WHERE deleted_at IS NULL AND ${own()} ORDER BY name`)).map(
      toEnvironment,
    );
  }
}

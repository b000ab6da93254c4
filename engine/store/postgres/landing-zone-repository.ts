import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord, NewEnvironmentTemplate } from '../ports/resolver-records.js';
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
  async insertTemplate(sql: Sql, template: NewEnvironmentTemplate): Promise<void> {
    const readOnly = await sql.row(`SELECT 1 FROM landing_zones WHERE id = $1 AND ${visible()} AND NOT ${writable()}`, [
      template.landingZoneId,
    ]);
    if (readOnly) throw readOnlyRefusal('landing zone', template.landingZoneId);
    await sql.run(
      `INSERT INTO environment_templates (id, landing_zone_id, name, mandatory_components, resolver_overrides, created_at, component_defaults)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::jsonb)`,
      [
        template.id,
        template.landingZoneId,
        template.name,
        json(template.mandatoryComponents),
        json(template.resolverOverrides),
        template.createdAt,
        json(template.componentDefaults ?? {}),
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

  /**
   * Row-level security shows a tenant only its own environments, so this one read runs as the engine's
   * own work for the rest of no statement: the setting is switched on, read under, and put back to
   * what it was, all inside the unit of work's transaction (a failure aborts it, setting and all).
   */
  async environmentsOfZoneElsewhere(sql: Sql, zoneId: string): Promise<{ tenant: string; name: string }[]> {
    const before = await sql.row<{ setting: string | null }>(`SELECT current_setting('nimbus.engine_work', true) AS setting`);
    await sql.run(`SELECT set_config('nimbus.engine_work', 'on', true)`);
    try {
      return await sql.rows<{ tenant: string; name: string }>(
        `SELECT tenant, name FROM environments
          WHERE landing_zone_id = $1 AND deleted_at IS NULL AND tenant IS DISTINCT FROM nimbus_tenant()
          ORDER BY tenant, name`,
        [zoneId],
      );
    } finally {
      await sql.run(`SELECT set_config('nimbus.engine_work', $1, true)`, [before?.setting ?? '']);
    }
  }

  // Editing and removing landing zones, templates and environments.
  /** Refuses (`forbidden`) a zone of a tenant above; false when no live zone has that id. */
  async updateZone(
    sql: Sql,
    zone: Pick<LandingZoneRecord, 'id' | 'name' | 'description' | 'resolverConfig' | 'updatedAt'>,
  ): Promise<boolean> {
    await refuseReadOnly(sql, 'landing_zones', 'landing zone', zone.id);
    const changed = await sql.run(
      `UPDATE landing_zones SET name = $2, description = $3, resolver_config = $4::jsonb, updated_at = $5
       WHERE id = $1 AND deleted_at IS NULL AND ${writable()}`,
      [zone.id, zone.name, zone.description, json(zone.resolverConfig), zone.updatedAt],
    );
    return changed > 0;
  }

  /** Soft-deletes a zone and its live templates. */
  async deleteZone(sql: Sql, id: string, at: string): Promise<boolean> {
    await refuseReadOnly(sql, 'landing_zones', 'landing zone', id);
    await sql.run(`UPDATE environment_templates SET deleted_at = $2 WHERE landing_zone_id = $1 AND deleted_at IS NULL AND ${writable()}`, [
      id,
      at,
    ]);
    return (await sql.run(`UPDATE landing_zones SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND ${writable()}`, [id, at])) > 0;
  }

  async updateTemplate(
    sql: Sql,
    template: Pick<EnvironmentTemplateRecord, 'id' | 'name' | 'mandatoryComponents' | 'componentDefaults' | 'resolverOverrides'>,
  ): Promise<boolean> {
    await refuseReadOnly(sql, 'environment_templates', 'environment template', template.id);
    const changed = await sql.run(
      `UPDATE environment_templates SET name = $2, mandatory_components = $3::jsonb, component_defaults = $4::jsonb, resolver_overrides = $5::jsonb
       WHERE id = $1 AND deleted_at IS NULL AND ${writable()}`,
      [template.id, template.name, json(template.mandatoryComponents), json(template.componentDefaults), json(template.resolverOverrides)],
    );
    return changed > 0;
  }

  async deleteTemplate(sql: Sql, id: string, at: string): Promise<boolean> {
    await refuseReadOnly(sql, 'environment_templates', 'environment template', id);
    return (
      (await sql.run(`UPDATE environment_templates SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND ${writable()}`, [id, at])) >
      0
    );
  }

  async updateEnvironment(
    sql: Sql,
    environment: Pick<EnvironmentRecord, 'id' | 'name' | 'resolverOverrides' | 'updatedAt'>,
  ): Promise<boolean> {
    const changed = await sql.run(
      `UPDATE environments SET name = $2, resolver_overrides = $3::jsonb, updated_at = $4 WHERE id = $1 AND deleted_at IS NULL AND ${own()}`,
      [environment.id, environment.name, json(environment.resolverOverrides), environment.updatedAt],
    );
    return changed > 0;
  }

  async deleteEnvironment(sql: Sql, id: string, at: string): Promise<boolean> {
    return (await sql.run(`UPDATE environments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [id, at])) > 0;
  }
}

/** Refuses (`forbidden`) a change to a live row of `table` a tenant above owns. */
async function refuseReadOnly(sql: Sql, table: 'landing_zones' | 'environment_templates', kind: string, id: string): Promise<void> {
  const readOnly = await sql.row(`SELECT 1 FROM ${table} WHERE id = $1 AND deleted_at IS NULL AND ${visible()} AND NOT ${writable()}`, [
    id,
  ]);
  if (readOnly) throw readOnlyRefusal(kind, id);
}

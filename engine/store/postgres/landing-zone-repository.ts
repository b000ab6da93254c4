import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord } from '../ports/resolver-records.js';
import { json, type Sql } from './sql.js';

interface LandingZoneRow {
  id: string;
  name: string;
  provider: string;
  description: string;
  resolver_config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

interface TemplateRow {
  id: string;
  landing_zone_id: string;
  name: string;
  mandatory_components: string[];
  resolver_overrides: Record<string, unknown>;
  created_at: string;
}

interface EnvironmentRow {
  id: string;
  landing_zone_id: string;
  template_id: string | null;
  name: string;
  resolver_overrides: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

const toZone = (row: LandingZoneRow): LandingZoneRecord => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  description: row.description,
  resolverConfig: row.resolver_config,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toTemplate = (row: TemplateRow): EnvironmentTemplateRecord => ({
  id: row.id,
  landingZoneId: row.landing_zone_id,
  name: row.name,
  mandatoryComponents: row.mandatory_components,
  resolverOverrides: row.resolver_overrides,
  createdAt: row.created_at,
});

const toEnvironment = (row: EnvironmentRow): EnvironmentRecord => ({
  id: row.id,
  landingZoneId: row.landing_zone_id,
  templateId: row.template_id,
  name: row.name,
  resolverOverrides: row.resolver_overrides,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

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
      'SELECT * FROM landing_zones WHERE (id = $1 OR name = $1) AND deleted_at IS NULL ORDER BY id = $1 DESC LIMIT 1',
      [idOrName],
    );
    return row && toZone(row);
  }

  async zones(sql: Sql): Promise<LandingZoneRecord[]> {
    return (await sql.rows<LandingZoneRow>('SELECT * FROM landing_zones WHERE deleted_at IS NULL ORDER BY name')).map(toZone);
  }

  async insertTemplate(sql: Sql, template: EnvironmentTemplateRecord): Promise<void> {
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
    const row = await sql.row<TemplateRow>(
      `SELECT * FROM environment_templates WHERE landing_zone_id = $1 AND (id = $2 OR name = $2) AND deleted_at IS NULL
       ORDER BY id = $2 DESC LIMIT 1`,
      [zoneId, idOrName],
    );
    return row && toTemplate(row);
  }

  async templateById(sql: Sql, id: string): Promise<EnvironmentTemplateRecord | undefined> {
    const row = await sql.row<TemplateRow>('SELECT * FROM environment_templates WHERE id = $1 AND deleted_at IS NULL', [id]);
    return row && toTemplate(row);
  }

  async templates(sql: Sql, zoneId: string): Promise<EnvironmentTemplateRecord[]> {
    const rows = await sql.rows<TemplateRow>(
      'SELECT * FROM environment_templates WHERE landing_zone_id = $1 AND deleted_at IS NULL ORDER BY name',
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
      'SELECT * FROM environments WHERE (id = $1 OR name = $1) AND deleted_at IS NULL ORDER BY id = $1 DESC LIMIT 1',
      [idOrName],
    );
    return row && toEnvironment(row);
  }

  async environments(sql: Sql): Promise<EnvironmentRecord[]> {
    return (await sql.rows<EnvironmentRow>('SELECT * FROM environments WHERE deleted_at IS NULL ORDER BY name')).map(toEnvironment);
  }
}

/** The rows of landing zones, environment templates and environments as both stores read them, and their records. */
import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord } from '../ports/resolver-records.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `landing_zones`. */
export interface LandingZoneRow {
  id: string;
  name: string;
  provider: string;
  description: string;
  resolver_config: JsonColumn;
  created_at: string;
  updated_at: string;
}

/** A row of `environment_templates`. */
export interface EnvironmentTemplateRow {
  id: string;
  landing_zone_id: string;
  name: string;
  mandatory_components: JsonColumn;
  resolver_overrides: JsonColumn;
  created_at: string;
  component_defaults: JsonColumn;
}

/** A row of `environments`. */
export interface EnvironmentRow {
  id: string;
  landing_zone_id: string;
  template_id: string | null;
  name: string;
  resolver_overrides: JsonColumn;
  created_at: string;
  updated_at: string;
}

/** The record of a landing zone row. */
export const toZone = (row: LandingZoneRow, columns: ColumnDecoder): LandingZoneRecord => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  description: row.description,
  resolverConfig: columns.json<Record<string, unknown>>(row.resolver_config),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The record of an environment template row. */
export const toTemplate = (row: EnvironmentTemplateRow, columns: ColumnDecoder): EnvironmentTemplateRecord => ({
  id: row.id,
  landingZoneId: row.landing_zone_id,
  name: row.name,
  mandatoryComponents: columns.json<string[]>(row.mandatory_components),
  componentDefaults: columns.json<Record<string, Record<string, unknown>>>(row.component_defaults),
  resolverOverrides: columns.json<Record<string, unknown>>(row.resolver_overrides),
  createdAt: row.created_at,
});

/** The record of an environment row. */
export const toEnvironment = (row: EnvironmentRow, columns: ColumnDecoder): EnvironmentRecord => ({
  id: row.id,
  landingZoneId: row.landing_zone_id,
  templateId: row.template_id,
  name: row.name,
  resolverOverrides: columns.json<Record<string, unknown>>(row.resolver_overrides),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

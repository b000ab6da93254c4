import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { LandingZonePort, Repositories } from '../store/ports/repositories.js';
import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord } from '../store/ports/resolver-records.js';
import { joinUnit, type RepositoryScope } from '../store/ports/store-port.js';
import {
  effectiveResolverConfig,
  ResolverConfigSchema,
  type ConfigSource,
  type EffectiveResolverConfig,
  type ResolverConfig,
} from './resolver-config.js';
import { excerpt } from '../text/excerpt.js';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and "-" (at most 63)');

export interface LandingZone {
  id: string;
  name: string;
  provider: string;
  description: string;
  resolverConfig: ResolverConfig;
  templates: EnvironmentTemplate[];
}

export interface EnvironmentTemplate {
  id: string;
  name: string;
  mandatoryComponents: string[];
  resolverOverrides: ResolverConfig;
  /** Mandatory component name → parameter → value: what provisioning deploys them with (absent: none). */
  componentDefaults?: Record<string, Record<string, unknown>>;
}

export interface Environment {
  id: string;
  name: string;
  landingZone: string;
  provider: string;
  template: string | null;
  resolverOverrides: ResolverConfig;
  /** The configuration resolution uses, with the layer each value came from. */
  effective: { config: EffectiveResolverConfig; sources: Record<string, ConfigSource> };
  mandatoryComponents: string[];
  /** The template's default parameters of its mandatory components (absent: none). */
  componentDefaults?: Record<string, Record<string, unknown>>;
}

export class LandingZoneError extends NimbusError {
  override name = 'LandingZoneError';
}

/**
 * Landing zones (one per provider backend, with resolver configuration), their environment templates
 * (mandatory components, overrides) and environments (deployment targets with their own overrides).
 */
export class LandingZoneService {
  constructor(
    private readonly store: RepositoryScope,
    private readonly knownProviders: readonly string[],
  ) {}

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): LandingZoneService {
    return new LandingZoneService(joinUnit(tx), this.knownProviders);
  }

  async createLandingZone(input: { name: string; provider: string; description?: string; resolverConfig?: unknown }): Promise<LandingZone> {
    const name = parseOrThrow(Slug, input.name, 'landing zone name');
    if (!this.knownProviders.includes(input.provider)) {
      throw new LandingZoneError(
        'unknown_provider',
        `Unknown provider ${excerpt(input.provider)}; known: ${this.knownProviders.join(', ')}`,
        { provider: input.provider },
      );
    }
    const resolverConfig = parseOrThrow(ResolverConfigSchema, input.resolverConfig ?? {}, 'resolver configuration');
    return this.store.unitOfWork(async ({ landingZones }) => {
      if (await landingZones.zone(name))
        throw new LandingZoneError('landing_zone_exists', `A landing zone named ${name} already exists`, { name });
      const now = new Date().toISOString();
      const id = randomUUID();
      await landingZones.insertZone({
        id,
        name,
        provider: input.provider,
        description: input.description ?? '',
        resolverConfig,
        createdAt: now,
        updatedAt: now,
      });
      return describeZone(landingZones, await zoneRecord(landingZones, id));
    });
  }

  async listLandingZones(): Promise<LandingZone[]> {
    const zones = await this.store.landingZones.zones();
    return Promise.all(zones.map((zone) => describeZone(this.store.landingZones, zone)));
  }

  async getLandingZone(idOrName: string): Promise<LandingZone> {
    return describeZone(this.store.landingZones, await zoneRecord(this.store.landingZones, idOrName));
  }

  async createTemplate(input: {
    landingZone: string;
    name: string;
    mandatoryComponents?: string[];
    resolverOverrides?: unknown;
  }): Promise<EnvironmentTemplate> {
    const name = parseOrThrow(Slug, input.name, 'template name');
    const overrides = parseOrThrow(ResolverConfigSchema, input.resolverOverrides ?? {}, 'template resolver overrides');
    const mandatory = parseOrThrow(z.array(z.string().min(1)), input.mandatoryComponents ?? [], 'mandatory components');
    return this.store.unitOfWork(async ({ landingZones }) => {
      const zone = await zoneRecord(landingZones, input.landingZone);
      if (await landingZones.template(zone.id, name))
        throw new LandingZoneError('template_exists', `Landing zone ${zone.name} already has a template ${name}`, { name });
      const id = randomUUID();
      await landingZones.insertTemplate({
        id,
        landingZoneId: zone.id,
        name,
        mandatoryComponents: [...new Set(mandatory)],
        resolverOverrides: overrides,
        createdAt: new Date().toISOString(),
      });
      return toTemplate((await landingZones.templateById(id))!);
    });
  }

  async createEnvironment(input: {
    name: string;
    landingZone: string;
    template?: string;
    resolverOverrides?: unknown;
  }): Promise<Environment> {
    const name = parseOrThrow(Slug, input.name, 'environment name');
    const overrides = parseOrThrow(ResolverConfigSchema, input.resolverOverrides ?? {}, 'environment resolver overrides');
    return this.store.unitOfWork(async ({ landingZones }) => {
      const zone = await zoneRecord(landingZones, input.landingZone);
      if (await landingZones.environment(name))
        throw new LandingZoneError('environment_exists', `An environment named ${name} already exists`, { name });
      const template = input.template ? await landingZones.template(zone.id, input.template) : undefined;
      if (input.template && !template) throw new NotFoundError(`Template of landing zone ${zone.name}`, input.template);
      const now = new Date().toISOString();
      const id = randomUUID();
      await landingZones.insertEnvironment({
        id,
        landingZoneId: zone.id,
        templateId: template?.id ?? null,
        name,
        resolverOverrides: overrides,
        createdAt: now,
        updatedAt: now,
      });
      return environmentOf(landingZones, id);
    });
  }

  async listEnvironments(): Promise<Environment[]> {
    const environments = await this.store.landingZones.environments();
    return Promise.all(environments.map((environment) => describeEnvironment(this.store.landingZones, environment)));
  }

  /** Rejects with `not_found` for an unknown environment id or name. */
  getEnvironment(idOrName: string): Promise<Environment> {
    return environmentOf(this.store.landingZones, idOrName);
  }
}

async function zoneRecord(landingZones: LandingZonePort, idOrName: string): Promise<LandingZoneRecord> {
  const zone = await landingZones.zone(idOrName);
  if (!zone) throw new NotFoundError('Landing zone', idOrName);
  return zone;
}

async function environmentOf(landingZones: LandingZonePort, idOrName: string): Promise<Environment> {
  const environment = await landingZones.environment(idOrName);
  if (!environment) throw new NotFoundError('Environment', idOrName);
  return describeEnvironment(landingZones, environment);
}

async function describeZone(landingZones: LandingZonePort, zone: LandingZoneRecord): Promise<LandingZone> {
  return {
    id: zone.id,
    name: zone.name,
    provider: zone.provider,
    description: zone.description,
    resolverConfig: zone.resolverConfig as ResolverConfig,
    templates: (await landingZones.templates(zone.id)).map(toTemplate),
  };
}

async function describeEnvironment(landingZones: LandingZonePort, row: EnvironmentRecord): Promise<Environment> {
  const zone = (await landingZones.zone(row.landingZoneId))!;
  const template = row.templateId ? toTemplate((await landingZones.templateById(row.templateId))!) : null;
  const resolverOverrides = row.resolverOverrides as ResolverConfig;
  return {
    id: row.id,
    name: row.name,
    landingZone: zone.name,
    provider: zone.provider,
    template: template?.name ?? null,
    resolverOverrides,
    effective: effectiveResolverConfig({
      environment: resolverOverrides,
      ...(template ? { template: template.resolverOverrides } : {}),
      landingZone: zone.resolverConfig as ResolverConfig,
    }),
    mandatoryComponents: template?.mandatoryComponents ?? [],
  };
}

function toTemplate(row: EnvironmentTemplateRecord): EnvironmentTemplate {
  return {
    id: row.id,
    name: row.name,
    mandatoryComponents: row.mandatoryComponents,
    resolverOverrides: row.resolverOverrides as ResolverConfig,
  };
}

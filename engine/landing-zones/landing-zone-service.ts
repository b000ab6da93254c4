import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type {
  EnvironmentRecord,
  EnvironmentTemplateRecord,
  LandingZoneRecord,
  LandingZoneRepository,
} from '../store/landing-zone-repository.js';
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
    private readonly repository: LandingZoneRepository,
    private readonly knownProviders: readonly string[],
  ) {}

  createLandingZone(input: { name: string; provider: string; description?: string; resolverConfig?: unknown }): LandingZone {
    const name = parseOrThrow(Slug, input.name, 'landing zone name');
    if (!this.knownProviders.includes(input.provider)) {
      throw new LandingZoneError(
        'unknown_provider',
        `Unknown provider ${excerpt(input.provider)}; known: ${this.knownProviders.join(', ')}`,
        { provider: input.provider },
      );
    }
    const resolverConfig = parseOrThrow(ResolverConfigSchema, input.resolverConfig ?? {}, 'resolver configuration');
    return this.repository.transaction(() => {
      if (this.repository.zone(name))
        throw new LandingZoneError('landing_zone_exists', `A landing zone named ${name} already exists`, { name });
      const now = new Date().toISOString();
      const id = randomUUID();
      this.repository.insertZone({
        id,
        name,
        provider: input.provider,
        description: input.description ?? '',
        resolverConfig,
        createdAt: now,
        updatedAt: now,
      });
      return this.getLandingZone(id);
    });
  }

  listLandingZones(): LandingZone[] {
    return this.repository.zones().map((row) => this.describeZone(row));
  }

  getLandingZone(idOrName: string): LandingZone {
    return this.describeZone(this.zoneRow(idOrName));
  }

  createTemplate(input: {
    landingZone: string;
    name: string;
    mandatoryComponents?: string[];
    resolverOverrides?: unknown;
  }): EnvironmentTemplate {
    const name = parseOrThrow(Slug, input.name, 'template name');
    const overrides = parseOrThrow(ResolverConfigSchema, input.resolverOverrides ?? {}, 'template resolver overrides');
    const mandatory = parseOrThrow(z.array(z.string().min(1)), input.mandatoryComponents ?? [], 'mandatory components');
    return this.repository.transaction(() => {
      const zone = this.zoneRow(input.landingZone);
      if (this.repository.template(zone.id, name))
        throw new LandingZoneError('template_exists', `Landing zone ${zone.name} already has a template ${name}`, { name });
      const id = randomUUID();
      this.repository.insertTemplate({
        id,
        landingZoneId: zone.id,
        name,
        mandatoryComponents: [...new Set(mandatory)],
        resolverOverrides: overrides,
        createdAt: new Date().toISOString(),
      });
      return toTemplate(this.repository.templateById(id)!);
    });
  }

  createEnvironment(input: { name: string; landingZone: string; template?: string; resolverOverrides?: unknown }): Environment {
    const name = parseOrThrow(Slug, input.name, 'environment name');
    const overrides = parseOrThrow(ResolverConfigSchema, input.resolverOverrides ?? {}, 'environment resolver overrides');
    return this.repository.transaction(() => {
      const zone = this.zoneRow(input.landingZone);
      if (this.repository.environment(name))
        throw new LandingZoneError('environment_exists', `An environment named ${name} already exists`, { name });
      const template = input.template ? this.repository.template(zone.id, input.template) : undefined;
      if (input.template && !template) throw new NotFoundError(`Template of landing zone ${zone.name}`, input.template);
      const now = new Date().toISOString();
      const id = randomUUID();
      this.repository.insertEnvironment({
        id,
        landingZoneId: zone.id,
        templateId: template?.id ?? null,
        name,
        resolverOverrides: overrides,
        createdAt: now,
        updatedAt: now,
      });
      return this.getEnvironment(id);
    });
  }

  listEnvironments(): Environment[] {
    return this.repository.environments().map((row) => this.describeEnvironment(row));
  }

  getEnvironment(idOrName: string): Environment {
    const row = this.repository.environment(idOrName);
    if (!row) throw new NotFoundError('Environment', idOrName);
    return this.describeEnvironment(row);
  }

  private zoneRow(idOrName: string): LandingZoneRecord {
    const row = this.repository.zone(idOrName);
    if (!row) throw new NotFoundError('Landing zone', idOrName);
    return row;
  }

  private describeZone(row: LandingZoneRecord): LandingZone {
    return {
      id: row.id,
      name: row.name,
      provider: row.provider,
      description: row.description,
      resolverConfig: row.resolverConfig as ResolverConfig,
      templates: this.repository.templates(row.id).map(toTemplate),
    };
  }

  private describeEnvironment(row: EnvironmentRecord): Environment {
    const zone = this.repository.zone(row.landingZoneId)!;
    const template = row.templateId ? toTemplate(this.repository.templateById(row.templateId)!) : null;
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
}

function toTemplate(row: EnvironmentTemplateRecord): EnvironmentTemplate {
  return {
    id: row.id,
    name: row.name,
    mandatoryComponents: row.mandatoryComponents,
    resolverOverrides: row.resolverOverrides as ResolverConfig,
  };
}

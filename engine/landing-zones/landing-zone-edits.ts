import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { AuditEntry } from '../store/ports/deployment-records.js';
import type { EnvironmentRecord, EnvironmentTemplateRecord, LandingZoneRecord } from '../store/ports/resolver-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { excerpt } from '../text/excerpt.js';
import {
  LandingZoneError,
  type Environment,
  type EnvironmentTemplate,
  type LandingZone,
  type LandingZoneService,
} from './landing-zone-service.js';
import { ResolverConfigSchema } from './resolver-config.js';
import { ComponentDefaultsSchema, checkComponentDefaults } from './component-defaults.js';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and "-" (at most 63)');

/** What a delete removed, so callers can name it back to the user. */
export interface Removed {
  id: string;
  name: string;
}

/** A refusal because something still uses what was to be removed or renamed; `usedBy` lists what. */
export class InUseError extends NimbusError {
  override name = 'InUseError';
}

/** The actor audit rows name when no call is being served (the request's actor wins when there is one). */
const ENGINE_ACTOR = 'engine';

/**
 * Edits and deletes of landing zones, environment templates and environments, with their safety
 * rules: a rename keeps every reference working (environments, templates and approval policies point
 * at zones and environments by id; deployments, deployed topologies, stack instances and leases hold
 * an environment's *name*, so an environment in use keeps its name), and a delete is refused while
 * anything still uses what it removes. Every change is audited in its unit of work.
 */
export class LandingZoneEdits {
  constructor(
    private readonly store: RepositoryScope,
    private readonly landingZones: LandingZoneService,
  ) {}

  /** Renames a zone, changes its description or resolver configuration; `expectedUpdatedAt` guards against lost edits. */
  async updateLandingZone(input: {
    landingZone: string;
    name?: string;
    description?: string;
    resolverConfig?: unknown;
    expectedUpdatedAt?: string;
  }): Promise<LandingZone> {
    const name = input.name === undefined ? undefined : parseOrThrow(Slug, input.name, 'landing zone name');
    const config =
      input.resolverConfig === undefined ? undefined : parseOrThrow(ResolverConfigSchema, input.resolverConfig, 'resolver configuration');
    const id = await this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, input.landingZone);
      checkFresh('Landing zone', zone, input.expectedUpdatedAt);
      if (name !== undefined && name !== zone.name) {
        const clash = await tx.landingZones.zone(name);
        if (clash && clash.id !== zone.id)
          throw new LandingZoneError('landing_zone_exists', `A landing zone named ${name} already exists`, { name });
      }
      const next = {
        id: zone.id,
        name: name ?? zone.name,
        description: input.description ?? zone.description,
        resolverConfig: config ?? zone.resolverConfig,
        updatedAt: nextTime(zone.updatedAt),
      };
      if (!(await tx.landingZones.updateZone(next))) throw new NotFoundError('Landing zone', input.landingZone);
      await audit(tx, 'landing_zone.update', 'landing_zone', zone.id, pick(zone), pick(next), next.updatedAt);
      return zone.id;
    });
    return this.landingZones.getLandingZone(id);
  }

  /** Removes a zone with its templates, cloud account and rate card; refused (`landing_zone_in_use`) while environments are in it. */
  async deleteLandingZone(input: { landingZone: string }): Promise<Removed> {
    return this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, input.landingZone);
      const environments = (await tx.landingZones.environments()).filter((environment) => environment.landingZoneId === zone.id);
      // A tenant below sees this zone and may have made environments in it.
      const elsewhere = await tx.landingZones.environmentsOfZoneElsewhere(zone.id);
      if (environments.length > 0 || elsewhere.length > 0) {
        const names = [
          ...environments.map((environment) => environment.name),
          ...elsewhere.map((environment) => `${environment.name} (tenant ${environment.tenant})`),
        ];
        throw new InUseError(
          'landing_zone_in_use',
          `Landing zone ${zone.name} still has ${plural(names.length, 'environment')}: ${list(names)}; delete ${names.length === 1 ? 'it' : 'them'} first`,
          { landingZone: zone.name, usedBy: names.map((name) => ({ kind: 'environment', name })) },
        );
      }
      const at = new Date().toISOString();
      const templates = await tx.landingZones.templates(zone.id);
      // What belongs to the zone alone goes with it: its cloud account and its rate card.
      await tx.cloudAccounts.remove(zone.id, at);
      await tx.costs.removeRateCard(zone.id, at);
      if (!(await tx.landingZones.deleteZone(zone.id, at))) throw new NotFoundError('Landing zone', input.landingZone);
      await tx.approvals.deletePolicy('landing-zone', zone.id, at);
      await audit(tx, 'landing_zone.delete', 'landing_zone', zone.id, { ...pick(zone), templates: templates.map((t) => t.name) }, null, at);
      return { id: zone.id, name: zone.name };
    });
  }

  /** Changes a template: its name, mandatory components, their default parameters, resolver overrides. */
  async updateTemplate(input: {
    landingZone: string;
    template: string;
    name?: string;
    mandatoryComponents?: string[];
    componentDefaults?: unknown;
    resolverOverrides?: unknown;
  }): Promise<EnvironmentTemplate> {
    const name = input.name === undefined ? undefined : parseOrThrow(Slug, input.name, 'template name');
    const overrides =
      input.resolverOverrides === undefined
        ? undefined
        : parseOrThrow(ResolverConfigSchema, input.resolverOverrides, 'template resolver overrides');
    const mandatory =
      input.mandatoryComponents === undefined
        ? undefined
        : parseOrThrow(z.array(z.string().min(1).max(200)).max(500), input.mandatoryComponents, 'mandatory components');
    const defaults =
      input.componentDefaults === undefined
        ? undefined
        : parseOrThrow(ComponentDefaultsSchema, input.componentDefaults, 'component defaults');
    const id = await this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, input.landingZone);
      const template = await templateOf(tx, zone, input.template);
      if (name !== undefined && name !== template.name) {
        const clash = await tx.landingZones.template(zone.id, name);
        if (clash && clash.id !== template.id)
          throw new LandingZoneError('template_exists', `Landing zone ${zone.name} already has a template ${name}`, { name });
      }
      const nextMandatory = mandatory ? [...new Set(mandatory)] : template.mandatoryComponents;
      const next = {
        id: template.id,
        name: name ?? template.name,
        mandatoryComponents: nextMandatory,
        componentDefaults: checkComponentDefaults(defaults ?? template.componentDefaults, nextMandatory),
        resolverOverrides: overrides ?? template.resolverOverrides,
      };
      if (!(await tx.landingZones.updateTemplate(next))) throw new NotFoundError(`Template of landing zone ${zone.name}`, input.template);
      const at = new Date().toISOString();
      await audit(tx, 'environment_template.update', 'environment_template', template.id, templateAudit(template), next, at);
      return template.id;
    });
    return this.landingZones.getTemplate(id);
  }

  /** Removes a template; refused (`template_in_use`) while environments were created from it. */
  async deleteTemplate(input: { landingZone: string; template: string }): Promise<Removed> {
    return this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, input.landingZone);
      const template = await templateOf(tx, zone, input.template);
      const users = (await tx.landingZones.environments()).filter((environment) => environment.templateId === template.id);
      if (users.length > 0) {
        const names = users.map((environment) => environment.name);
        throw new InUseError(
          'template_in_use',
          `Template ${template.name} of landing zone ${zone.name} is used by ${plural(names.length, 'environment')}: ${list(names)}`,
          { template: template.name, usedBy: names.map((name) => ({ kind: 'environment', name })) },
        );
      }
      const at = new Date().toISOString();
      if (!(await tx.landingZones.deleteTemplate(template.id, at)))
        throw new NotFoundError(`Template of landing zone ${zone.name}`, input.template);
      await audit(tx, 'environment_template.delete', 'environment_template', template.id, templateAudit(template), null, at);
      return { id: template.id, name: template.name };
    });
  }

  /**
   * Renames an environment or changes its resolver overrides. A rename is refused while anything
   * holds the environment's name (deployments, deployed topologies, stack instances, live leases):
   * those records name it, and the name is part of what was issued in it (host names from `{env}`,
   * names and secrets scoped to `env:<name>`), so a rename would re-issue them and replace what runs.
   */
  async updateEnvironment(input: {
    environment: string;
    name?: string;
    resolverOverrides?: unknown;
    expectedUpdatedAt?: string;
  }): Promise<Environment> {
    const name = input.name === undefined ? undefined : parseOrThrow(Slug, input.name, 'environment name');
    const overrides =
      input.resolverOverrides === undefined
        ? undefined
        : parseOrThrow(ResolverConfigSchema, input.resolverOverrides, 'environment resolver overrides');
    const id = await this.store.unitOfWork(async (tx) => {
      const environment = await environmentOf(tx, input.environment);
      checkFresh('Environment', environment, input.expectedUpdatedAt);
      if (name !== undefined && name !== environment.name) {
        const clash = await tx.landingZones.environment(name);
        if (clash && clash.id !== environment.id)
          throw new LandingZoneError('environment_exists', `An environment named ${name} already exists`, { name });
        const users = await environmentUsers(tx, environment.name);
        if (users.length > 0) {
          throw new InUseError(
            'environment_in_use',
            `Environment ${environment.name} cannot be renamed while it is in use by ${describeUsers(users)}: its name is part of the host names and secrets issued there, so renaming would replace what runs; destroy or remove those first`,
            { environment: environment.name, usedBy: users },
          );
        }
      }
      const next = {
        id: environment.id,
        name: name ?? environment.name,
        resolverOverrides: overrides ?? environment.resolverOverrides,
        updatedAt: nextTime(environment.updatedAt),
      };
      if (!(await tx.landingZones.updateEnvironment(next))) throw new NotFoundError('Environment', input.environment);
      await audit(
        tx,
        'environment.update',
        'environment',
        environment.id,
        { name: environment.name, resolverOverrides: environment.resolverOverrides },
        { name: next.name, resolverOverrides: next.resolverOverrides },
        next.updatedAt,
      );
      return environment.id;
    });
    return this.landingZones.getEnvironment(id);
  }

  /** Removes an environment; refused (`environment_in_use`) while anything is deployed to it or holds it. */
  async deleteEnvironment(input: { environment: string }): Promise<Removed> {
    return this.store.unitOfWork(async (tx) => {
      const environment = await environmentOf(tx, input.environment);
      const users = await environmentUsers(tx, environment.name);
      if (users.length > 0) {
        throw new InUseError(
          'environment_in_use',
          `Environment ${environment.name} is in use by ${describeUsers(users)}; destroy or remove those first`,
          { environment: environment.name, usedBy: users },
        );
      }
      const at = new Date().toISOString();
      if (!(await tx.landingZones.deleteEnvironment(environment.id, at))) throw new NotFoundError('Environment', input.environment);
      await tx.approvals.deletePolicy('environment', environment.id, at);
      await audit(
        tx,
        'environment.delete',
        'environment',
        environment.id,
        { name: environment.name, landingZoneId: environment.landingZoneId, templateId: environment.templateId },
        null,
        at,
      );
      return { id: environment.id, name: environment.name };
    });
  }
}

/** One thing that uses an environment, a pool or a template. */
export interface UsedBy {
  kind: string;
  name: string;
}

/** What holds an environment's name: live deployments, deployed topologies, stack instances, live leases. */
async function environmentUsers(tx: Repositories, environment: string): Promise<UsedBy[]> {
  const users: UsedBy[] = [];
  for (const topology of await tx.deployments.deployedTopologies())
    if (topology.environment === environment) users.push({ kind: 'topology', name: topology.topology });
  const deployments = await tx.deployments.list({ environment });
  for (const deployment of deployments) users.push({ kind: 'deployment', name: `${deployment.topology}/${deployment.label}` });
  for (const instance of await tx.stacks.instances())
    if (instance.environment === environment && instance.state !== 'destroyed') users.push({ kind: 'stack instance', name: instance.name });
  for (const lease of await tx.leases.list({ live: true }))
    if (lease.environment === environment) users.push({ kind: 'lease', name: lease.id });
  return users;
}

function describeUsers(users: UsedBy[]): string {
  const byKind = new Map<string, string[]>();
  for (const user of users) byKind.set(user.kind, [...(byKind.get(user.kind) ?? []), user.name]);
  return [...byKind].map(([kind, names]) => `${plural(names.length, kind)} (${list(names)})`).join(', ');
}

async function zoneOf(tx: Repositories, idOrName: string): Promise<LandingZoneRecord> {
  const zone = await tx.landingZones.zone(idOrName);
  if (!zone) throw new NotFoundError('Landing zone', idOrName);
  return zone;
}

async function templateOf(tx: Repositories, zone: LandingZoneRecord, idOrName: string): Promise<EnvironmentTemplateRecord> {
  const template = await tx.landingZones.template(zone.id, idOrName);
  if (!template) throw new NotFoundError(`Template of landing zone ${zone.name}`, idOrName);
  return template;
}

async function environmentOf(tx: Repositories, idOrName: string): Promise<EnvironmentRecord> {
  const environment = await tx.landingZones.environment(idOrName);
  if (!environment) throw new NotFoundError('Environment', idOrName);
  return environment;
}

/** Refuses (`revision_conflict`) an edit made from a copy older than the stored record. */
function checkFresh(entity: string, record: { id: string; name: string; updatedAt: string }, expected: string | undefined): void {
  if (expected === undefined || expected === record.updatedAt) return;
  throw new NimbusError(
    'revision_conflict',
    `${entity} ${record.name} was changed elsewhere (at ${record.updatedAt}, you edited the copy of ${excerpt(expected)}); reload it and apply your edit again`,
    { entity, id: record.id, expected, actual: record.updatedAt },
  );
}

/** Now, or just after `previous` when the clock has not moved on, so every edit changes `updatedAt`. */
function nextTime(previous: string): string {
  const now = Date.now();
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}

function pick(zone: Pick<LandingZoneRecord, 'name' | 'description' | 'resolverConfig'>) {
  return { name: zone.name, description: zone.description, resolverConfig: zone.resolverConfig };
}

function templateAudit(template: EnvironmentTemplateRecord) {
  return {
    name: template.name,
    mandatoryComponents: template.mandatoryComponents,
    componentDefaults: template.componentDefaults,
    resolverOverrides: template.resolverOverrides,
  };
}

/** Writes the audit row of a change in its unit of work. */
export async function audit(
  tx: Repositories,
  action: string,
  entity: string,
  entityId: string,
  oldValue: unknown,
  newValue: unknown,
  at: string,
): Promise<void> {
  const entry: AuditEntry = { actor: ENGINE_ACTOR, action, entity, entityId, oldValue, newValue };
  await tx.audit.record(entry, at);
}

/** `3 environments`, `1 lease`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The first names of a list, quoted shortly, with how many more. */
export function list(names: string[]): string {
  const shown = names.slice(0, 5).map((name) => (name.length > 80 ? `${name.slice(0, 80)}…` : name));
  return names.length > 5 ? `${shown.join(', ')} and ${names.length - 5} more` : shown.join(', ');
}

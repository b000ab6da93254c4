import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import type { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { NimbusError, NotFoundError, RevisionConflictError } from '../errors.js';
import type { ComponentDefinition } from '../planning/component-definition.js';
import type { ComponentRecord, ComponentVersionRecord } from '../store/ports/catalog-records.js';
import type { ComponentPort, Repositories } from '../store/ports/repositories.js';
import { joinUnit, type RepositoryScope } from '../store/ports/store-port.js';
import { checkBindings, type ResolverBindings } from './bindings.js';
import { ComponentName, loadComponentManifest, readManifestIdentity, type ComponentManifest } from './component-manifest.js';
import { checkContractSchema, type JsonSchema } from './json-schema.js';
import { diffLines, type DiffRun } from './line-diff.js';
import { UpgradeStepSchema, type UpgradeStep } from './upgrade-step.js';
import { excerpt } from '../text/excerpt.js';
import { nextVersion } from '../catalog/next-version.js';

/** The editable part of a component, and what a published version freezes. */
export interface ComponentContent {
  description: string;
  code: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  resolverBindings: ResolverBindings;
  secretInputs: string[];
  /** How deployments of earlier versions carry their parameters into this one. */
  upgrade?: UpgradeStep;
}

export interface ComponentSummary {
  id: string;
  name: string;
  provider: string;
  semanticType: string;
  category: string;
  /** null: provider-level (shared by every tenant). */
  tenant: string | null;
  system: boolean;
  description: string;
  latestVersion: number | null;
  draftRevision: number;
}

export interface ComponentVersionInfo {
  version: number;
  changelog: string;
  publishedAt: string;
  publishedBy: string;
}

export interface ComponentDetail extends ComponentSummary {
  draft: ComponentContent;
  versions: ComponentVersionInfo[];
}

export interface PropertyChange {
  contract: 'input' | 'output';
  property: string;
  change: 'added' | 'removed' | 'changed';
}

export interface ComponentDiff {
  from: number | 'draft';
  to: number | 'draft';
  contract: PropertyChange[];
  bindings: { input: string; change: 'added' | 'removed' | 'changed' }[];
  code: DiffRun[];
}

export class ComponentError extends NimbusError {
  override name = 'ComponentError';
}

const ContentSchema = z
  .object({
    description: z.string().max(2000).default(''),
    code: z.string().max(1024 * 1024, 'must be at most 1 MiB'),
    inputSchema: z.record(z.string(), z.unknown()),
    outputSchema: z.record(z.string(), z.unknown()),
    resolverBindings: z.record(z.string(), z.unknown()).default({}),
    secretInputs: z.array(z.string()).default([]),
    upgrade: UpgradeStepSchema.optional(),
  })
  .strict();

/** Who is asking: a tenant sees provider-level components plus its own. */
export interface Viewer {
  tenant: string;
  actor: string;
}

/**
 * The component catalog: components with an editable draft, and published versions that never
 * change. Every draft is checked when saved — JSON Schema contracts (with the JSON pointer of a
 * problem), resolver bindings against the contract, the provider's mapping of the semantic type.
 */
export class ComponentService {
  constructor(
    private readonly store: RepositoryScope,
    private readonly semantics: SemanticCatalog,
  ) {}

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): ComponentService {
    return new ComponentService(joinUnit(tx), this.semantics);
  }

  async create(
    viewer: Viewer,
    input: { name: string; provider: string; semanticType: string; shared?: boolean; content: unknown; system?: boolean },
  ): Promise<ComponentDetail> {
    const name = parseOrThrow(ComponentName, input.name, 'component name');
    this.semantics.providerName(input.semanticType, input.provider);
    const content = this.checkContent(input.content);
    const tenant = input.shared ? null : viewer.tenant;
    return this.store.unitOfWork(async ({ components }) => {
      const existing = await components.byName(name, viewer.tenant);
      if (existing && existing.tenant === tenant)
        throw new ComponentError('component_exists', `A component named ${name} already exists`, { name });
      const id = randomUUID();
      await components.insert({
        id,
        name,
        provider: input.provider,
        semanticType: input.semanticType,
        tenant,
        description: content.description,
        system: input.system === true,
        draft: content,
        createdAt: new Date().toISOString(),
      });
      return this.detail(components, (await components.byId(id))!);
    });
  }

  async list(
    viewer: Viewer,
    filter: { provider?: string; semanticType?: string; category?: string; search?: string } = {},
  ): Promise<ComponentSummary[]> {
    const search = filter.search?.toLowerCase();
    const rows = await this.store.components.visible(viewer.tenant);
    const summaries = await Promise.all(rows.map((row) => this.summary(this.store.components, row)));
    return summaries.filter(
      (c) =>
        (!filter.provider || c.provider === filter.provider) &&
        (!filter.semanticType || c.semanticType === filter.semanticType) &&
        (!filter.category || c.category === filter.category) &&
        (!search || `${c.name} ${c.description} ${c.semanticType}`.toLowerCase().includes(search)),
    );
  }

  async get(viewer: Viewer, name: string): Promise<ComponentDetail> {
    return this.detail(this.store.components, await row(this.store.components, viewer, name));
  }

  async saveDraft(viewer: Viewer, name: string, expectedRevision: number, content: unknown): Promise<ComponentDetail> {
    const checked = this.checkContent(content);
    return this.store.unitOfWork(async ({ components }) => {
      const found = await row(components, viewer, name);
      if (found.system) throw new ComponentError('component_read_only', `${name} is a built-in component; fork it to change it`, { name });
      if (!(await components.saveDraft(found.id, expectedRevision, checked, checked.description, new Date().toISOString()))) {
        throw new RevisionConflictError('Component draft', name, expectedRevision, found.draftRevision);
      }
      return this.detail(components, (await components.byId(found.id))!);
    });
  }

  /**
   * Freezes the current draft as the next version. Refused when nothing changed since the last one.
   * The draft, the latest version and the new one are read and written in one unit, so publishes
   * running at the same time get distinct versions (or are refused), never the same one.
   */
  async publish(viewer: Viewer, name: string, changelog: string): Promise<ComponentVersionInfo> {
    const text = parseOrThrow(z.string().trim().min(1, 'a changelog is required').max(5000), changelog, 'changelog');
    return this.store.unitOfWork(async ({ components }) => {
      const found = await row(components, viewer, name);
      // Checked again: a draft saved by an older version may predate a rule (patterns, defaults).
      this.checkContent(found.draft);
      const latest = await components.latest(found.id);
      const version: ComponentVersionRecord = { componentId: found.id, ...nextVersion(name, found.draft, latest, text, viewer.actor) };
      await components.insertVersion(version);
      return toVersionInfo(version);
    });
  }

  async versions(viewer: Viewer, name: string): Promise<ComponentVersionInfo[]> {
    const found = await row(this.store.components, viewer, name);
    return (await this.store.components.versions(found.id)).map(toVersionInfo);
  }

  /** The frozen content of one version. */
  async version(viewer: Viewer, name: string, version: number): Promise<ComponentContent> {
    return frozenContent(this.store.components, await row(this.store.components, viewer, name), version);
  }

  async diff(viewer: Viewer, name: string, from: number | 'draft', to: number | 'draft'): Promise<ComponentDiff> {
    const content = async (which: number | 'draft') =>
      which === 'draft' ? (await this.get(viewer, name)).draft : this.version(viewer, name, which);
    const a = await content(from);
    const b = await content(to);
    return {
      from,
      to,
      contract: [...propertyChanges('input', a.inputSchema, b.inputSchema), ...propertyChanges('output', a.outputSchema, b.outputSchema)],
      bindings: keyChanges(a.resolverBindings, b.resolverBindings).map(([input, change]) => ({ input, change })),
      code: diffLines(a.code, b.code),
    };
  }

  /**
   * `name@version` → what resolution needs; errors say whether the name or the version is unknown.
   * Planning needs a synchronous lookup: load what a document references first (`loadComponentLookup`).
   */
  async lookup(viewer: Viewer, ref: string): Promise<ComponentDefinition> {
    const { name, version } = parseComponentRef(ref);
    const found = await this.store.components.byName(name, viewer.tenant);
    if (!found) throw new NotFoundError('Component', name);
    const content = await frozenContent(this.store.components, found, version);
    return {
      ref,
      name,
      version,
      provider: found.provider,
      semanticType: found.semanticType,
      inputSchema: content.inputSchema,
      outputSchema: content.outputSchema,
      bindings: content.resolverBindings,
    };
  }

  /**
   * Imports the built-in catalog (`resources/components/*`) as provider-level system components,
   * publishing each manifest's version. Idempotent: versions already present are skipped.
   */
  async importBuiltIns(dir: string, actor = 'system'): Promise<{ imported: string[]; skipped: string[] }> {
    const imported: string[] = [];
    const skipped: string[] = [];
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'component.yaml')))
      .map((entry) => entry.name)
      .sort();
    // Every manifest is checked before anything is written, then all are written in one unit of work:
    // a broken folder leaves the catalog as it was, not half imported.
    const manifests: ComponentManifest[] = [];
    for (const folder of folders) {
      // Every start runs this: skip the full check of versions that are already in the catalog.
      const identity = readManifestIdentity(path.join(dir, folder));
      const existing = await this.store.components.byName(identity.name, '');
      if (existing?.tenant === null && (await this.store.components.version(existing.id, identity.version))) {
        skipped.push(`${identity.name}@${identity.version}`);
        continue;
      }
      manifests.push(loadComponentManifest(path.join(dir, folder)));
    }
    if (manifests.length === 0) return { imported, skipped };
    await this.store.unitOfWork(async ({ components }) => {
      for (const manifest of manifests) {
        const content: ComponentContent = {
          description: manifest.description,
          code: manifest.code,
          inputSchema: manifest.inputSchema,
          outputSchema: manifest.outputSchema,
          resolverBindings: manifest.resolverBindings,
          secretInputs: manifest.secretInputs,
          ...(manifest.upgrade ? { upgrade: manifest.upgrade } : {}),
        };
        let found = await components.byName(manifest.name, '');
        if (found && found.tenant !== null) found = undefined;
        if (!found) {
          const id = randomUUID();
          await components.insert({
            id,
            name: manifest.name,
            provider: manifest.provider,
            semanticType: manifest.semanticType,
            tenant: null,
            description: manifest.description,
            system: true,
            draft: content,
            createdAt: new Date().toISOString(),
          });
          found = (await components.byId(id))!;
        }
        // Another engine on the same store may have imported it since the check above.
        if (await components.version(found.id, manifest.version)) {
          skipped.push(`${manifest.name}@${manifest.version}`);
          continue;
        }
        await components.insertVersion({
          componentId: found.id,
          version: manifest.version,
          definition: content,
          changelog: manifest.changelog,
          publishedAt: new Date().toISOString(),
          publishedBy: actor,
        });
        imported.push(`${manifest.name}@${manifest.version}`);
      }
    });
    return { imported, skipped };
  }

  /** A draft's content checked as every save checks it (contracts, bindings): the checked content, or `invalid_input` naming what is wrong. */
  checkContent(raw: unknown): ComponentContent {
    const content = parseOrThrow(ContentSchema, raw, 'component');
    const inputSchema = checkContractSchema(content.inputSchema, 'input_schema', 'inputSchema');
    const outputSchema = checkContractSchema(content.outputSchema, 'output_schema', 'outputSchema');
    const resolverBindings = checkBindings(content.resolverBindings, inputSchema);
    const inputs = Object.keys((inputSchema.properties ?? {}) as object);
    const unknown = content.secretInputs.find((key) => !inputs.includes(key));
    if (unknown) throw new ComponentError('invalid_input', `secretInputs names ${unknown}, which is not an input`, { input: unknown });
    return { ...content, inputSchema, outputSchema, resolverBindings };
  }

  private async summary(components: ComponentPort, found: ComponentRecord): Promise<ComponentSummary> {
    return {
      id: found.id,
      name: found.name,
      provider: found.provider,
      semanticType: found.semanticType,
      category: this.semantics.type(found.semanticType).category,
      tenant: found.tenant,
      system: found.system,
      description: found.description,
      latestVersion: (await components.latest(found.id))?.version ?? null,
      draftRevision: found.draftRevision,
    };
  }

  private async detail(components: ComponentPort, found: ComponentRecord): Promise<ComponentDetail> {
    return {
      ...(await this.summary(components, found)),
      draft: found.draft as ComponentContent,
      versions: (await components.versions(found.id)).map(toVersionInfo),
    };
  }
}

/** Splits `name@version`, refusing anything else with `component_ref_invalid`. */
export function parseComponentRef(ref: string): { name: string; version: number } {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(ref);
  if (!match)
    throw new ComponentError('component_ref_invalid', `${excerpt(ref)} is not a component reference (name@version, e.g. proxmox-vm@1)`, {
      ref,
    });
  return { name: match[1]!, version: Number(match[2]) };
}

async function row(components: ComponentPort, viewer: Viewer, name: string): Promise<ComponentRecord> {
  const found = await components.byName(name, viewer.tenant);
  if (!found) throw new NotFoundError('Component', name);
  return found;
}

async function frozenContent(components: ComponentPort, found: ComponentRecord, version: number): Promise<ComponentContent> {
  const frozen = await components.version(found.id, version);
  if (!frozen) {
    const available = (await components.versions(found.id)).map((v) => v.version);
    throw new NimbusError(
      'not_found',
      `${found.name} has no version ${version} (${available.length ? `published: ${available.join(', ')}` : 'none published yet'})`,
      { entity: 'component version', id: `${found.name}@${version}` },
    );
  }
  return frozen.definition as ComponentContent;
}

function toVersionInfo(row: ComponentVersionRecord): ComponentVersionInfo {
  return { version: row.version, changelog: row.changelog, publishedAt: row.publishedAt, publishedBy: row.publishedBy };
}

function keyChanges(a: Record<string, unknown>, b: Record<string, unknown>): [string, 'added' | 'removed' | 'changed'][] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key): [string, 'added' | 'removed' | 'changed'][] => {
    if (!(key in a)) return [[key, 'added']];
    if (!(key in b)) return [[key, 'removed']];
    return JSON.stringify(a[key]) === JSON.stringify(b[key]) ? [] : [[key, 'changed']];
  });
}

function propertyChanges(contract: 'input' | 'output', a: JsonSchema, b: JsonSchema): PropertyChange[] {
  const props = (schema: JsonSchema) => (schema.properties ?? {}) as Record<string, unknown>;
  return keyChanges(props(a), props(b)).map(([property, change]) => ({ contract, property, change }));
}

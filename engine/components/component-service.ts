import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import type { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { NimbusError, NotFoundError, RevisionConflictError } from '../errors.js';
import type { ComponentDefinition } from '../planning/component-definition.js';
import type { ComponentRecord, ComponentRepository, ComponentVersionRecord } from '../store/component-repository.js';
import { checkBindings, type ResolverBindings } from './bindings.js';
import { ComponentName, loadComponentManifest, readManifestIdentity, type ComponentManifest } from './component-manifest.js';
import { checkContractSchema, type JsonSchema } from './json-schema.js';
import { diffLines, type DiffRun } from './line-diff.js';
import { UpgradeStepSchema, type UpgradeStep } from './upgrade-step.js';
import { excerpt } from '../text/excerpt.js';

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
    private readonly repository: ComponentRepository,
    private readonly semantics: SemanticCatalog,
  ) {}

  create(
    viewer: Viewer,
    input: { name: string; provider: string; semanticType: string; shared?: boolean; content: unknown; system?: boolean },
  ): ComponentDetail {
    const name = parseOrThrow(ComponentName, input.name, 'component name');
    this.semantics.providerName(input.semanticType, input.provider);
    const content = this.checkContent(input.content);
    const tenant = input.shared ? null : viewer.tenant;
    return this.repository.transaction(() => {
      const existing = this.repository.byName(name, viewer.tenant);
      if (existing && existing.tenant === tenant)
        throw new ComponentError('component_exists', `A component named ${name} already exists`, { name });
      const id = randomUUID();
      this.repository.insert({
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
      return this.detail(this.repository.byId(id)!);
    });
  }

  list(viewer: Viewer, filter: { provider?: string; semanticType?: string; category?: string; search?: string } = {}): ComponentSummary[] {
    const search = filter.search?.toLowerCase();
    return this.repository
      .visible(viewer.tenant)
      .map((row) => this.summary(row))
      .filter(
        (c) =>
          (!filter.provider || c.provider === filter.provider) &&
          (!filter.semanticType || c.semanticType === filter.semanticType) &&
          (!filter.category || c.category === filter.category) &&
          (!search || `${c.name} ${c.description} ${c.semanticType}`.toLowerCase().includes(search)),
      );
  }

  get(viewer: Viewer, name: string): ComponentDetail {
    return this.detail(this.row(viewer, name));
  }

  saveDraft(viewer: Viewer, name: string, expectedRevision: number, content: unknown): ComponentDetail {
    const checked = this.checkContent(content);
    return this.repository.transaction(() => {
      const row = this.row(viewer, name);
      if (row.system) throw new ComponentError('component_read_only', `${name} is a built-in component; fork it to change it`, { name });
      if (!this.repository.saveDraft(row.id, expectedRevision, checked, checked.description, new Date().toISOString())) {
        throw new RevisionConflictError('Component draft', name, expectedRevision, row.draftRevision);
      }
      return this.detail(this.repository.byId(row.id)!);
    });
  }

  /** Freezes the current draft as the next version. Refused when nothing changed since the last one. */
  publish(viewer: Viewer, name: string, changelog: string): ComponentVersionInfo {
    const text = parseOrThrow(z.string().trim().min(1, 'a changelog is required').max(5000), changelog, 'changelog');
    return this.repository.transaction(() => {
      const row = this.row(viewer, name);
      // Checked again: a draft saved by an older version may predate a rule (patterns, defaults).
      this.checkContent(row.draft);
      const latest = this.repository.latest(row.id);
      if (latest && JSON.stringify(latest.definition) === JSON.stringify(row.draft)) {
        throw new ComponentError(
          'nothing_to_publish',
          `The draft of ${name} is the same as version ${latest.version}; change it before publishing`,
          { name },
        );
      }
      const version: ComponentVersionRecord = {
        componentId: row.id,
        version: (latest?.version ?? 0) + 1,
        definition: row.draft,
        changelog: text,
        publishedAt: new Date().toISOString(),
        publishedBy: viewer.actor,
      };
      this.repository.insertVersion(version);
      return toVersionInfo(version);
    });
  }

  versions(viewer: Viewer, name: string): ComponentVersionInfo[] {
    return this.repository.versions(this.row(viewer, name).id).map(toVersionInfo);
  }

  /** The frozen content of one version. */
  version(viewer: Viewer, name: string, version: number): ComponentContent {
    const row = this.row(viewer, name);
    const found = this.repository.version(row.id, version);
    if (!found) {
      const available = this.repository.versions(row.id).map((v) => v.version);
      throw new NimbusError(
        'not_found',
        `${name} has no version ${version} (${available.length ? `published: ${available.join(', ')}` : 'none published yet'})`,
        { entity: 'component version', id: `${name}@${version}` },
      );
    }
    return found.definition as ComponentContent;
  }

  diff(viewer: Viewer, name: string, from: number | 'draft', to: number | 'draft'): ComponentDiff {
    const content = (which: number | 'draft') =>
      which === 'draft' ? this.detail(this.row(viewer, name)).draft : this.version(viewer, name, which);
    const a = content(from);
    const b = content(to);
    return {
      from,
      to,
      contract: [...propertyChanges('input', a.inputSchema, b.inputSchema), ...propertyChanges('output', a.outputSchema, b.outputSchema)],
      bindings: keyChanges(a.resolverBindings, b.resolverBindings).map(([input, change]) => ({ input, change })),
      code: diffLines(a.code, b.code),
    };
  }

  /** `name@version` → what resolution needs; errors say whether the name or the version is unknown. */
  lookup(viewer: Viewer, ref: string): ComponentDefinition {
    const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(ref);
    if (!match)
      throw new ComponentError('component_ref_invalid', `${excerpt(ref)} is not a component reference (name@version, e.g. proxmox-vm@1)`, {
        ref,
      });
    const name = match[1]!;
    const version = Number(match[2]);
    const row = this.repository.byName(name, viewer.tenant);
    if (!row) throw new NotFoundError('Component', name);
    const content = this.version(viewer, name, version);
    return {
      ref,
      name,
      version,
      provider: row.provider,
      semanticType: row.semanticType,
      inputSchema: content.inputSchema,
      outputSchema: content.outputSchema,
      bindings: content.resolverBindings,
    };
  }

  /**
   * Imports the built-in catalog (`resources/components/*`) as provider-level system components,
   * publishing each manifest's version. Idempotent: versions already present are skipped.
   */
  importBuiltIns(dir: string, actor = 'system'): { imported: string[]; skipped: string[] } {
    const imported: string[] = [];
    const skipped: string[] = [];
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'component.yaml')))
      .map((entry) => entry.name)
      .sort();
    // Every manifest is checked before anything is written, then all are written in one transaction:
    // a broken folder leaves the catalog as it was, not half imported.
    const manifests: ComponentManifest[] = [];
    for (const folder of folders) {
      // Every start runs this: skip the full check of versions that are already in the catalog.
      const identity = readManifestIdentity(path.join(dir, folder));
      const existing = this.repository.byName(identity.name, '');
      if (existing?.tenant === null && this.repository.version(existing.id, identity.version)) {
        skipped.push(`${identity.name}@${identity.version}`);
        continue;
      }
      manifests.push(loadComponentManifest(path.join(dir, folder)));
    }
    this.repository.transaction(() => {
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
        let row = this.repository.byName(manifest.name, '');
        if (row && row.tenant !== null) row = undefined;
        if (!row) {
          const id = randomUUID();
          this.repository.insert({
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
          row = this.repository.byId(id)!;
        }
        if (this.repository.version(row.id, manifest.version)) {
          skipped.push(`${manifest.name}@${manifest.version}`);
          continue;
        }
        this.repository.insertVersion({
          componentId: row.id,
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

  private checkContent(raw: unknown): ComponentContent {
    const content = parseOrThrow(ContentSchema, raw, 'component');
    const inputSchema = checkContractSchema(content.inputSchema, 'input_schema', 'inputSchema');
    const outputSchema = checkContractSchema(content.outputSchema, 'output_schema', 'outputSchema');
    const resolverBindings = checkBindings(content.resolverBindings, inputSchema);
    const inputs = Object.keys((inputSchema.properties ?? {}) as object);
    const unknown = content.secretInputs.find((key) => !inputs.includes(key));
    if (unknown) throw new ComponentError('invalid_input', `secretInputs names ${unknown}, which is not an input`, { input: unknown });
    return { ...content, inputSchema, outputSchema, resolverBindings };
  }

  private row(viewer: Viewer, name: string): ComponentRecord {
    const row = this.repository.byName(name, viewer.tenant);
    if (!row) throw new NotFoundError('Component', name);
    return row;
  }

  private summary(row: ComponentRecord): ComponentSummary {
    return {
      id: row.id,
      name: row.name,
      provider: row.provider,
      semanticType: row.semanticType,
      category: this.semantics.type(row.semanticType).category,
      tenant: row.tenant,
      system: row.system,
      description: row.description,
      latestVersion: this.repository.latest(row.id)?.version ?? null,
      draftRevision: row.draftRevision,
    };
  }

  private detail(row: ComponentRecord): ComponentDetail {
    return {
      ...this.summary(row),
      draft: row.draft as ComponentContent,
      versions: this.repository.versions(row.id).map(toVersionInfo),
    };
  }
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

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  StackDocumentSchema,
  type StackDetail,
  type StackDocument,
  type StackSummary,
  type StackVersionInfo,
} from '../api/schemas/stacks.js';
import { parseOrThrow } from '../api/validate.js';
import { STACK_NAME_PATTERN } from '../common/identifiers.js';
import type { ComponentService, Viewer } from '../components/component-service.js';
import { loadComponentLookup } from '../components/component-snapshot.js';
import { NimbusError, NotFoundError, RevisionConflictError, ValidationError, type FieldIssue } from '../errors.js';
import type { ComponentLookup } from '../planning/component-definition.js';
import type { StackRecord, StackVersionRecord } from '../store/ports/catalog-records.js';
import type { Repositories, StackPort } from '../store/ports/repositories.js';
import { joinUnit, type RepositoryScope } from '../store/ports/store-port.js';
import { checkStackDocument, type CheckedStack } from './stack-document-check.js';
import { nextVersion } from '../catalog/next-version.js';

const StackName = z.string().regex(STACK_NAME_PATTERN, 'must be lowercase letters, digits and -, starting with a letter (at most 63)');

/** A stack document with problems (wires, inputs, state machine); `issues` are paths in the document. */
export class StackIssuesError extends ValidationError {
  override name = 'StackIssuesError';
  constructor(stack: string, issues: FieldIssue[]) {
    super(`stack ${stack}`, issues);
  }
}

const Changelog = z.string().trim().min(1, 'a changelog is required').max(5000);

/** A stack with what is wrong with its draft (publishing is refused until the list is empty). */
export type StackDetailWithIssues = StackDetail & { issues: FieldIssue[] };

/**
 * Stack definitions: an editable draft per stack and immutable published versions, provider-level
 * or tenant-scoped, and forks that copy a version into a new stack and remember where it came from.
 */
export class StackService {
  constructor(
    private readonly store: RepositoryScope,
    private readonly components: ComponentService,
  ) {}

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): StackService {
    return new StackService(joinUnit(tx), this.components.within(tx));
  }

  async create(viewer: Viewer, input: { name: string; shared?: boolean; document: unknown }): Promise<StackDetailWithIssues> {
    const name = parseOrThrow(StackName, input.name, 'stack name');
    const document = parseOrThrow(StackDocumentSchema, input.document, 'stack document');
    return this.insert(viewer, name, input.shared ? null : viewer.tenant, document, null);
  }

  async list(viewer: Viewer): Promise<StackSummary[]> {
    const rows = await this.store.stacks.visible(viewer.tenant);
    return Promise.all(rows.map((found) => this.summary(viewer, found)));
  }

  async get(viewer: Viewer, name: string): Promise<StackDetailWithIssues> {
    return this.detail(viewer, await row(this.store.stacks, viewer, name));
  }

  async saveDraft(viewer: Viewer, name: string, expectedRevision: number, input: unknown): Promise<StackDetailWithIssues> {
    const document = parseOrThrow(StackDocumentSchema, input, 'stack document');
    const saved = await this.store.unitOfWork(async ({ stacks }) => {
      const found = await row(stacks, viewer, name);
      if (!(await stacks.saveDraft(found.id, expectedRevision, document, document.description, new Date().toISOString()))) {
        throw new RevisionConflictError('Stack draft', name, expectedRevision, found.draftRevision);
      }
      return (await stacks.byId(found.id))!;
    });
    return this.detail(viewer, saved);
  }

  /**
   * Freezes the draft as the next version; refused while the draft has problems or nothing changed.
   * The draft is checked against the catalog first; then one unit re-reads it (a draft saved since
   * is a conflict) and writes the version after the latest, so concurrent publishes never share one.
   */
  async publish(viewer: Viewer, name: string, changelog: string): Promise<StackVersionInfo> {
    const text = parseOrThrow(Changelog, changelog, 'changelog');
    const checkedRow = await row(this.store.stacks, viewer, name);
    const document = StackDocumentSchema.parse(checkedRow.draft);
    const { issues } = checkStackDocument(document, await this.componentsOf(viewer, document));
    if (issues.length > 0) throw new ValidationError(`stack ${name}`, issues);
    return this.store.unitOfWork(async ({ stacks }) => {
      const found = await row(stacks, viewer, name);
      if (found.id !== checkedRow.id || found.draftRevision !== checkedRow.draftRevision)
        throw new RevisionConflictError('Stack draft', name, checkedRow.draftRevision, found.draftRevision);
      const latest = await stacks.latest(found.id);
      const version: StackVersionRecord = { stackId: found.id, ...nextVersion(name, found.draft, latest, text, viewer.actor) };
      await stacks.insertVersion(version);
      return this.versionInfo(found.name, version);
    });
  }

  /**
   * Creates or updates a stack's draft and publishes it as the next version, all or nothing (what
   * `nimbus stack publish FILE` does): the changelog and the document are checked before anything is
   * written, and a refusal on the way (nothing changed, a conflict) rolls the draft back too.
   */
  async publishDocument(
    viewer: Viewer,
    input: { name: string; shared?: boolean; document: unknown; changelog: string },
  ): Promise<StackVersionInfo> {
    const name = parseOrThrow(StackName, input.name, 'stack name');
    parseOrThrow(Changelog, input.changelog, 'changelog');
    const document = parseOrThrow(StackDocumentSchema, input.document, 'stack document');
    const { issues } = checkStackDocument(document, await this.componentsOf(viewer, document));
    if (issues.length > 0) throw new StackIssuesError(name, issues);
    return this.store.unitOfWork(async (tx) => {
      const inUnit = this.within(tx);
      const existing = await tx.stacks.byName(name, viewer.tenant);
      if (existing) await inUnit.saveDraft(viewer, name, existing.draftRevision, document);
      else await inUnit.create(viewer, { name, shared: input.shared ?? false, document });
      return inUnit.publish(viewer, name, input.changelog);
    });
  }

  async versions(viewer: Viewer, name: string): Promise<StackVersionInfo[]> {
    const found = await row(this.store.stacks, viewer, name);
    return (await this.store.stacks.versions(found.id)).map((version) => this.versionInfo(found.name, version));
  }

  /** The frozen document of one version. */
  async version(viewer: Viewer, name: string, version: number): Promise<StackDocument> {
    return StackDocumentSchema.parse((await this.versionRow(await row(this.store.stacks, viewer, name), version)).definition);
  }

  /** A published version checked against the catalog, with its slots' components and deploy order. */
  async checkedVersion(viewer: Viewer, name: string, version: number): Promise<{ document: StackDocument; checked: CheckedStack }> {
    const document = await this.version(viewer, name, version);
    const { issues, checked } = checkStackDocument(document, await this.componentsOf(viewer, document));
    if (!checked) throw new ValidationError(`stack ${name}@${version}`, issues);
    return { document, checked };
  }

  async latestVersion(viewer: Viewer, name: string): Promise<number> {
    const latest = await this.store.stacks.latest((await row(this.store.stacks, viewer, name)).id);
    if (!latest) throw new NimbusError('stack_unpublished', `Stack ${name} has no published version yet; publish it first`, { name });
    return latest.version;
  }

  /** An independent copy of a version (the latest by default) as a new stack whose draft starts there. */
  async fork(viewer: Viewer, name: string, input: { as: string; version?: number; shared?: boolean }): Promise<StackDetailWithIssues> {
    const target = parseOrThrow(StackName, input.as, 'name of the fork');
    const found = await row(this.store.stacks, viewer, name);
    const version = input.version ?? (await this.latestVersion(viewer, name));
    const document = StackDocumentSchema.parse((await this.versionRow(found, version)).definition);
    return this.insert(viewer, target, input.shared ? null : viewer.tenant, document, { stack: found.name, version });
  }

  /** The components a stack document's slots name, loaded for the synchronous checks. */
  private componentsOf(viewer: Viewer, document: StackDocument): Promise<ComponentLookup> {
    return loadComponentLookup(
      this.components,
      viewer,
      document.slots.map((slot) => slot.component),
    );
  }

  private async insert(
    viewer: Viewer,
    name: string,
    tenant: string | null,
    document: StackDocument,
    forkedFrom: { stack: string; version: number } | null,
  ): Promise<StackDetailWithIssues> {
    const inserted = await this.store.unitOfWork(async ({ stacks }) => {
      const existing = await stacks.byName(name, viewer.tenant);
      if (existing && existing.tenant === tenant) throw new NimbusError('stack_exists', `A stack named ${name} already exists`, { name });
      const id = randomUUID();
      await stacks.insert({
        id,
        name,
        tenant,
        description: document.description,
        draft: document,
        forkedFromStack: forkedFrom?.stack ?? null,
        forkedFromVersion: forkedFrom?.version ?? null,
        createdAt: new Date().toISOString(),
      });
      return (await stacks.byId(id))!;
    });
    return this.detail(viewer, inserted);
  }

  private async versionRow(found: StackRecord, version: number): Promise<StackVersionRecord> {
    const frozen = await this.store.stacks.version(found.id, version);
    if (frozen) return frozen;
    const available = (await this.store.stacks.versions(found.id)).map((v) => v.version);
    throw new NimbusError(
      'not_found',
      `Stack ${found.name} has no version ${version} (${available.length ? `published: ${available.join(', ')}` : 'none published yet'})`,
      { entity: 'stack version', id: `${found.name}@${version}` },
    );
  }

  private async summary(viewer: Viewer, found: StackRecord): Promise<StackSummary> {
    const latest = await this.store.stacks.latest(found.id);
    const latestDocument = latest ? StackDocumentSchema.parse(latest.definition) : null;
    return {
      id: found.id,
      name: found.name,
      tenant: found.tenant,
      description: found.description,
      latestVersion: latest?.version ?? null,
      provider: latestDocument ? providerOf(latestDocument, await this.componentsOf(viewer, latestDocument)) : null,
      forkedFrom: found.forkedFromStack ? { stack: found.forkedFromStack, version: found.forkedFromVersion! } : null,
      draftRevision: found.draftRevision,
      updatedAt: found.updatedAt,
    };
  }

  private async detail(viewer: Viewer, found: StackRecord): Promise<StackDetailWithIssues> {
    const draft = StackDocumentSchema.parse(found.draft);
    const components = await this.componentsOf(viewer, draft);
    return { ...(await this.summary(viewer, found)), draft, issues: checkStackDocument(draft, components).issues };
  }

  private versionInfo(stack: string, version: StackVersionRecord): StackVersionInfo {
    return {
      stack,
      version: version.version,
      changelog: version.changelog,
      publishedAt: version.publishedAt,
      publishedBy: version.publishedBy,
    };
  }
}

async function row(stacks: StackPort, viewer: Viewer, name: string): Promise<StackRecord> {
  const found = await stacks.byName(name, viewer.tenant);
  if (!found) throw new NotFoundError('Stack', name);
  return found;
}

/** The providers a stack's slots deploy to, joined by + when they differ; `unknown` when none resolves. */
function providerOf(document: StackDocument, components: ComponentLookup): string {
  const providers = new Set<string>();
  for (const slot of document.slots) {
    try {
      providers.add(components(slot.component).provider);
    } catch {
      // A slot whose component is gone; checkedVersion reports it when the stack is used.
    }
  }
  return providers.size ? [...providers].join('+') : 'unknown';
}

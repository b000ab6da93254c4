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
import type { Viewer } from '../components/component-service.js';
import { NimbusError, NotFoundError, RevisionConflictError, ValidationError, type FieldIssue } from '../errors.js';
import type { ComponentLookup } from '../planning/component-definition.js';
import type { StackRecord, StackRepository, StackVersionRecord } from '../store/stack-repository.js';
import { checkStackDocument, type CheckedStack } from './stack-document-check.js';

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
    private readonly repository: StackRepository,
    private readonly components: ComponentLookup,
  ) {}

  create(viewer: Viewer, input: { name: string; shared?: boolean; document: unknown }): StackDetailWithIssues {
    const name = parseOrThrow(StackName, input.name, 'stack name');
    const document = parseOrThrow(StackDocumentSchema, input.document, 'stack document');
    return this.insert(viewer, name, input.shared ? null : viewer.tenant, document, null);
  }

  list(viewer: Viewer): StackSummary[] {
    return this.repository.visible(viewer.tenant).map((row) => this.summary(row));
  }

  get(viewer: Viewer, name: string): StackDetailWithIssues {
    return this.detail(this.row(viewer, name));
  }

  saveDraft(viewer: Viewer, name: string, expectedRevision: number, input: unknown): StackDetailWithIssues {
    const document = parseOrThrow(StackDocumentSchema, input, 'stack document');
    return this.repository.transaction(() => {
      const row = this.row(viewer, name);
      if (!this.repository.saveDraft(row.id, expectedRevision, document, document.description, new Date().toISOString())) {
        throw new RevisionConflictError('Stack draft', name, expectedRevision, row.draftRevision);
      }
      return this.detail(this.repository.byId(row.id)!);
    });
  }

  /** Freezes the draft as the next version; refused while the draft has problems or nothing changed. */
  publish(viewer: Viewer, name: string, changelog: string): StackVersionInfo {
    const text = parseOrThrow(Changelog, changelog, 'changelog');
    return this.repository.transaction(() => {
      const row = this.row(viewer, name);
      const document = StackDocumentSchema.parse(row.draft);
      const { issues } = checkStackDocument(document, this.components);
      if (issues.length > 0) throw new ValidationError(`stack ${name}`, issues);
      const latest = this.repository.latest(row.id);
      if (latest && JSON.stringify(latest.definition) === JSON.stringify(row.draft))
        throw new NimbusError(
          'nothing_to_publish',
          `The draft of ${name} is the same as version ${latest.version}; change it before publishing`,
          { name },
        );
      const version: StackVersionRecord = {
        stackId: row.id,
        version: (latest?.version ?? 0) + 1,
        definition: row.draft,
        changelog: text,
        publishedAt: new Date().toISOString(),
        publishedBy: viewer.actor,
      };
      this.repository.insertVersion(version);
      return this.versionInfo(row.name, version);
    });
  }

  /**
   * Creates or updates a stack's draft and publishes it as the next version, all or nothing (what
   * `nimbus stack publish FILE` does): the changelog and the document are checked before anything is
   * written, and a refusal on the way (nothing changed, a conflict) rolls the draft back too.
   */
  publishDocument(viewer: Viewer, input: { name: string; shared?: boolean; document: unknown; changelog: string }): StackVersionInfo {
    const name = parseOrThrow(StackName, input.name, 'stack name');
    parseOrThrow(Changelog, input.changelog, 'changelog');
    const document = parseOrThrow(StackDocumentSchema, input.document, 'stack document');
    const { issues } = checkStackDocument(document, this.components);
    if (issues.length > 0) throw new StackIssuesError(name, issues);
    return this.repository.transaction(() => {
      const existing = this.repository.byName(name, viewer.tenant);
      if (existing) this.saveDraft(viewer, name, existing.draftRevision, document);
      else this.create(viewer, { name, shared: input.shared ?? false, document });
      return this.publish(viewer, name, input.changelog);
    });
  }

  versions(viewer: Viewer, name: string): StackVersionInfo[] {
    const row = this.row(viewer, name);
    return this.repository.versions(row.id).map((version) => this.versionInfo(row.name, version));
  }

  /** The frozen document of one version. */
  version(viewer: Viewer, name: string, version: number): StackDocument {
    return StackDocumentSchema.parse(this.versionRow(this.row(viewer, name), version).definition);
  }

  /** A published version checked against the catalog, with its slots' components and deploy order. */
  checkedVersion(viewer: Viewer, name: string, version: number): { document: StackDocument; checked: CheckedStack } {
    const document = this.version(viewer, name, version);
    const { issues, checked } = checkStackDocument(document, this.components);
    if (!checked) throw new ValidationError(`stack ${name}@${version}`, issues);
    return { document, checked };
  }

  latestVersion(viewer: Viewer, name: string): number {
    const latest = this.repository.latest(this.row(viewer, name).id);
    if (!latest) throw new NimbusError('stack_unpublished', `Stack ${name} has no published version yet; publish it first`, { name });
    return latest.version;
  }

  /** An independent copy of a version (the latest by default) as a new stack whose draft starts there. */
  fork(viewer: Viewer, name: string, input: { as: string; version?: number; shared?: boolean }): StackDetailWithIssues {
    const target = parseOrThrow(StackName, input.as, 'name of the fork');
    const row = this.row(viewer, name);
    const version = input.version ?? this.latestVersion(viewer, name);
    const document = StackDocumentSchema.parse(this.versionRow(row, version).definition);
    return this.insert(viewer, target, input.shared ? null : viewer.tenant, document, { stack: row.name, version });
  }

  private insert(
    viewer: Viewer,
    name: string,
    tenant: string | null,
    document: StackDocument,
    forkedFrom: { stack: string; version: number } | null,
  ): StackDetailWithIssues {
    return this.repository.transaction(() => {
      const existing = this.repository.byName(name, viewer.tenant);
      if (existing && existing.tenant === tenant) throw new NimbusError('stack_exists', `A stack named ${name} already exists`, { name });
      const id = randomUUID();
      this.repository.insert({
        id,
        name,
        tenant,
        description: document.description,
        draft: document,
        forkedFromStack: forkedFrom?.stack ?? null,
        forkedFromVersion: forkedFrom?.version ?? null,
        createdAt: new Date().toISOString(),
      });
      return this.detail(this.repository.byId(id)!);
    });
  }

  private row(viewer: Viewer, name: string): StackRecord {
    const row = this.repository.byName(name, viewer.tenant);
    if (!row) throw new NotFoundError('Stack', name);
    return row;
  }

  private versionRow(row: StackRecord, version: number): StackVersionRecord {
    const found = this.repository.version(row.id, version);
    if (found) return found;
    const available = this.repository.versions(row.id).map((v) => v.version);
    throw new NimbusError(
      'not_found',
      `Stack ${row.name} has no version ${version} (${available.length ? `published: ${available.join(', ')}` : 'none published yet'})`,
      { entity: 'stack version', id: `${row.name}@${version}` },
    );
  }

  private summary(row: StackRecord): StackSummary {
    const latest = this.repository.latest(row.id);
    return {
      id: row.id,
      name: row.name,
      tenant: row.tenant,
      description: row.description,
      latestVersion: latest?.version ?? null,
      provider: latest ? this.providerOf(StackDocumentSchema.parse(latest.definition)) : null,
      forkedFrom: row.forkedFromStack ? { stack: row.forkedFromStack, version: row.forkedFromVersion! } : null,
      draftRevision: row.draftRevision,
      updatedAt: row.updatedAt,
    };
  }

  /** The providers a stack's slots deploy to, joined by + when they differ; `unknown` when none resolves. */
  private providerOf(document: StackDocument): string {
    const providers = new Set<string>();
    for (const slot of document.slots) {
      try {
        providers.add(this.components(slot.component).provider);
      } catch {
        // A slot whose component is gone; checkedVersion reports it when the stack is used.
      }
    }
    return providers.size ? [...providers].join('+') : 'unknown';
  }

  private detail(row: StackRecord): StackDetailWithIssues {
    const draft = StackDocumentSchema.parse(row.draft);
    return { ...this.summary(row), draft, issues: checkStackDocument(draft, this.components).issues };
  }

  private versionInfo(stack: string, row: StackVersionRecord): StackVersionInfo {
    return { stack, version: row.version, changelog: row.changelog, publishedAt: row.publishedAt, publishedBy: row.publishedBy };
  }
}

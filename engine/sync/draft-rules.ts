/**
 * How the shared server finds, checks and saves each kind of draft for its documents
 * (`draft-document-service.ts`): the same checks as a save through `updateComponentDraft` /
 * `saveStackDraft`, written in the document's unit of work.
 */
import { parseOrThrow } from '../api/validate.js';
import { StackDocumentSchema } from '../api/schemas/stacks.js';
import { ComponentError, type ComponentService } from '../components/component-service.js';
import { NotFoundError } from '../errors.js';
import type { DraftDocumentKind } from '../store/ports/draft-document-records.js';
import type { DraftKindRules } from './draft-document-service.js';

const asContent = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The rules of component and stack drafts; `components` checks a component's content (contracts, bindings). */
export function draftKindRules(components: Pick<ComponentService, 'checkContent'>): Record<DraftDocumentKind, DraftKindRules> {
  return {
    component: {
      async find(tx, tenant, name) {
        const found = await tx.components.byName(name, tenant);
        if (!found) throw new NotFoundError('Component', name);
        if (found.system)
          throw new ComponentError('component_read_only', `${name} is a built-in component; fork it to change it`, { name });
        return { id: found.id, name: found.name, tenant: found.tenant, draft: asContent(found.draft), draftRevision: found.draftRevision };
      },
      check: (content) => components.checkContent(content) as unknown as Record<string, unknown>,
      save: (tx, subject, content) =>
        tx.components.saveDraft(subject.id, subject.draftRevision, content, String(content['description'] ?? ''), new Date().toISOString()),
    },
    stack: {
      async find(tx, tenant, name) {
        const found = await tx.stacks.byName(name, tenant);
        if (!found) throw new NotFoundError('Stack', name);
        return { id: found.id, name: found.name, tenant: found.tenant, draft: asContent(found.draft), draftRevision: found.draftRevision };
      },
      check: (content) => parseOrThrow(StackDocumentSchema, content, 'stack document') as unknown as Record<string, unknown>,
      save: (tx, subject, content) =>
        tx.stacks.saveDraft(subject.id, subject.draftRevision, content, String(content['description'] ?? ''), new Date().toISOString()),
    },
  };
}

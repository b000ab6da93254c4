import { currentRequest } from '../../context/request-context.js';
import type { ComponentService, Viewer } from '../../components/component-service.js';
import type { StackService } from '../../stacks/stack-service.js';
import type { DraftCaller, DraftDocumentService } from '../../sync/draft-document-service.js';
import type { Handlers } from '../dispatcher.js';

type DraftDocumentMethods =
  | 'syncComponentDraftDocument'
  | 'syncStackDraftDocument'
  | 'resolveComponentDraftConflict'
  | 'resolveStackDraftConflict'
  | 'getComponent'
  | 'getStack';

/**
 * API methods of shared draft documents, and the draft reads that show a draft's conflicts and
 * problem beside it once it has a document.
 */
export function draftDocumentHandlers(
  drafts: DraftDocumentService,
  components: ComponentService,
  stacks: StackService,
  viewer: Viewer,
): Pick<Handlers, DraftDocumentMethods> {
  // The user is the request's (the viewer's actor is the engine's own default).
  const caller = (): DraftCaller => ({ tenant: viewer.tenant, userId: currentRequest()?.actor ?? viewer.actor });
  const withInfo = async <T extends { id: string }>(kind: 'component' | 'stack', detail: T) => {
    const info = await drafts.info(caller(), kind, detail.id);
    return info ? { ...detail, draftSync: { ...info, waiting: false } } : detail;
  };
  return {
    syncComponentDraftDocument: (input) => drafts.sync(caller(), 'component', input),
    syncStackDraftDocument: (input) => drafts.sync(caller(), 'stack', input),
    resolveComponentDraftConflict: async (input) => {
      await drafts.resolve(caller(), 'component', input);
      return withInfo('component', await components.get(viewer, input.name));
    },
    resolveStackDraftConflict: async (input) => {
      await drafts.resolve(caller(), 'stack', input);
      return withInfo('stack', await stacks.get(viewer, input.name));
    },
    getComponent: async ({ name }) => withInfo('component', await components.get(viewer, name)),
    getStack: async ({ name }) => withInfo('stack', await stacks.get(viewer, name)),
  };
}

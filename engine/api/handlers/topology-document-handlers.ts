import type { TopologyDocumentService } from '../../sync/topology-document-service.js';
import type { Handlers } from '../dispatcher.js';

type DocumentMethods =
  | 'openTopologyDocument'
  | 'syncTopologyDocument'
  | 'listTopologyConflicts'
  | 'resolveTopologyConflict'
  | 'setTopologyPresence'
  | 'createTopology'
  | 'saveTopology'
  | 'deleteTopology';

/**
 * API methods of shared topology documents, and the topology writes that keep a topology's record
 * and its document one: a save reaches the document's replicas, a delete removes the document.
 */
export function topologyDocumentHandlers(documents: TopologyDocumentService): Pick<Handlers, DocumentMethods> {
  return {
    openTopologyDocument: ({ id }) => documents.open(id),
    syncTopologyDocument: (input) => documents.sync(input),
    listTopologyConflicts: ({ id }) => documents.conflicts(id),
    resolveTopologyConflict: (input) => documents.resolve(input),
    setTopologyPresence: (input) => documents.presence(input),
    createTopology: (input) => documents.create(input),
    saveTopology: (input) => documents.save(input),
    deleteTopology: async ({ id }) => {
      await documents.delete(id);
      return { id, deleted: true as const };
    },
  };
}

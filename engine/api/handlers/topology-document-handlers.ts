import { NimbusError } from '../../errors.js';
import type { Handlers } from '../dispatcher.js';

type DocumentMethods =
  'openTopologyDocument' | 'syncTopologyDocument' | 'listTopologyConflicts' | 'resolveTopologyConflict' | 'setTopologyPresence';

const notYet = (method: DocumentMethods) => (): never => {
  throw new NimbusError('invalid_input', `${method} is not available in this build`, { method });
};

/** API methods of shared topology documents. */
export function topologyDocumentHandlers(): Pick<Handlers, DocumentMethods> {
  return {
    openTopologyDocument: notYet('openTopologyDocument'),
    syncTopologyDocument: notYet('syncTopologyDocument'),
    listTopologyConflicts: notYet('listTopologyConflicts'),
    resolveTopologyConflict: notYet('resolveTopologyConflict'),
    setTopologyPresence: notYet('setTopologyPresence'),
  };
}

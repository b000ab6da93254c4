import { NimbusError } from '../../errors.js';
import type { OutboxEntry } from '../../store/ports/sync-records.js';
import type { SyncOutbox } from '../../sync/sync-outbox.js';
import type { Handlers } from '../dispatcher.js';
import type { OutboxEntryView } from '../schemas/sync.js';

type SyncMethods = 'syncStatus' | 'syncNow' | 'listOutbox' | 'retryOutboxEntry' | 'discardOutboxEntry' | 'queueForServer';

/** The desktop's replicas of shared topology documents, as the sync status counts and sends them. */
export interface WaitingDocuments {
  /** Documents with edits the server has not taken yet. */
  waiting(): Promise<number>;
  /** Sends them now. */
  syncNow(): Promise<void>;
}

const view = (entry: OutboxEntry): OutboxEntryView => entry;

/**
 * The outbox of a desktop (or `nimbus serve`) with its own data directory. A shared server has no
 * outbox: it is the one changes are sent to, so there it answers `local_only`.
 */
export function syncHandlers(outbox: SyncOutbox | undefined, documents?: WaitingDocuments): Pick<Handlers, SyncMethods> {
  const local = (): SyncOutbox => {
    if (outbox) return outbox;
    throw new NimbusError(
      'local_only',
      'The outbox of changes belongs to a desktop (or nimbus serve) with its own data directory; a shared server has none. Run nimbus sync with --local',
    );
  };
  return {
    syncStatus: async () => {
      const status = await local().status();
      return documents ? { ...status, documentsWaiting: await documents.waiting() } : status;
    },
    syncNow: async () => {
      const outboxState = local();
      await documents?.syncNow();
      const status = await outboxState.syncNow();
      return documents ? { ...status, documentsWaiting: await documents.waiting() } : status;
    },
    listOutbox: async ({ status, limit }) =>
      (await local().list({ ...(status ? { statuses: status } : {}), ...(limit ? { limit } : {}) })).map(view),
    retryOutboxEntry: async ({ id }) => view(await local().retry(id)),
    discardOutboxEntry: async ({ id }) => view(await local().discard(id)),
    queueForServer: async ({ method, input }) => view(await local().enqueue(method, input ?? {})),
  };
}

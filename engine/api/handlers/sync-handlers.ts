import { NimbusError } from '../../errors.js';
import type { OutboxEntry } from '../../store/ports/sync-records.js';
import type { ServerReplica } from '../../sync/replica/server-replica.js';
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

/** Several kinds of documents (topologies, drafts) counted and sent as one. */
export function bothWaiting(first: WaitingDocuments, second: WaitingDocuments): WaitingDocuments {
  return {
    waiting: async () => (await first.waiting()) + (await second.waiting()),
    syncNow: async () => {
      await Promise.all([first.syncNow(), second.syncNow()]);
    },
  };
}

const view = (entry: OutboxEntry): OutboxEntryView => entry;

/**
 * The outbox of a desktop (or `nimbus serve`) with its own data directory, and its replica of the
 * server's data (`replica` in the status; `syncNow` brings it up to date too). A shared server has no
 * outbox: it is the one changes are sent to, so there it answers `local_only`.
 */
export function syncHandlers(
  outbox: SyncOutbox | undefined,
  documents?: WaitingDocuments,
  replica?: () => ServerReplica | undefined,
): Pick<Handlers, SyncMethods> {
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
      const withDocuments = documents ? { ...status, documentsWaiting: await documents.waiting() } : status;
      const kept = replica?.();
      if (!kept) return withDocuments;
      // A read the server did not answer (answered from the replica) says offline before the next health check does.
      const connection = status.connection === 'online' && kept.serverAway() ? 'offline' : status.connection;
      return { ...withDocuments, connection, replica: await kept.status() };
    },
    syncNow: async () => {
      const outboxState = local();
      const kept = replica?.();
      await documents?.syncNow();
      const [status, replicaStatus] = await Promise.all([outboxState.syncNow(), kept?.refresh()]);
      const withDocuments = documents ? { ...status, documentsWaiting: await documents.waiting() } : status;
      return kept ? { ...withDocuments, replica: replicaStatus ?? null } : withDocuments;
    },
    listOutbox: async ({ status, limit }) =>
      (await local().list({ ...(status ? { statuses: status } : {}), ...(limit ? { limit } : {}) })).map(view),
    retryOutboxEntry: async ({ id }) => view(await local().retry(id)),
    discardOutboxEntry: async ({ id }) => view(await local().discard(id)),
    queueForServer: async ({ method, input }) => view(await local().enqueue(method, input ?? {})),
  };
}

/**
 * The SQLite implementation of {@link StorePort}, over the synchronous repositories.
 *
 * better-sqlite3 has one connection and runs every statement synchronously, so the asynchronous
 * seam is honoured with a per-store queue: each repository call and each unit of work waits its
 * turn, and a unit keeps the turn from its `BEGIN IMMEDIATE` to its `COMMIT`/`ROLLBACK`, however
 * many awaits its work makes. That is what makes holding a transaction across an await safe here:
 * a transaction spans awaits only when nothing else can use the connection meanwhile, and through
 * this seam nothing can — every other caller is queued behind the unit. (Code still holding the
 * synchronous repositories of the same store bypasses the queue: called from inside a unit's work
 * it runs in the unit's transaction, which is how a unit can include a subsystem not yet moved to
 * this seam; called from elsewhere while a unit is open — possible only when the unit awaits
 * something other than its repositories — it would land in the unit's transaction too. So a unit
 * awaits nothing but its repositories; once every service uses this seam, nothing bypasses it.)
 *
 * IMMEDIATE takes the database write lock at `BEGIN`, so two units — in this process through the
 * queue, in other processes (the CLI beside the app) through SQLite's lock — never read the same
 * free IPAM block; the unique index on a pool's live starts backs that up.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { currentRequest } from '../context/request-context.js';
import type { Repositories } from './ports/repositories.js';
import type { LeaseDrawPort, OutboxPort } from './ports/sync-records.js';
import type { DocumentReplicaPort } from './ports/document-replica-records.js';
import type { DraftReplicaPort } from './ports/draft-document-records.js';
import type { ReplicaPort } from './ports/replica-records.js';
import { REPOSITORY_METHODS as METHODS } from './ports/repository-methods.js';
import { StoreUnitError, type StorePort } from './ports/store-port.js';
import type { SqliteDatabase } from './sqlite.js';
import type { Store } from './store.js';

/** Runs one synchronous repository call the way a port method must (queued, or inside a unit). */
type Runner = <R>(call: () => R) => Promise<R>;

type Asyncified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

function facade<S extends object, K extends keyof S & string>(target: S, names: readonly K[], run: Runner): Asyncified<Pick<S, K>> {
  const methods: Record<string, unknown> = {};
  for (const name of names) {
    const method = target[name] as (...args: unknown[]) => unknown;
    methods[name] = (...args: unknown[]) => run(() => method.apply(target, args));
  }
  return methods as Asyncified<Pick<S, K>>;
}

function bindRepositories(store: Store, run: Runner): Repositories {
  return {
    settings: facade(store.settings, METHODS.settings, run),
    topologies: facade(store.topologies, METHODS.topologies, run),
    topologyDocuments: facade(store.topologyDocuments, METHODS.topologyDocuments, run),
    draftDocuments: facade(store.draftDocuments, METHODS.draftDocuments, run),
    jobs: facade(store.jobs, METHODS.jobs, run),
    ipam: facade(store.ipam, METHODS.ipam, run),
    naming: facade(store.naming, METHODS.naming, run),
    leases: facade(store.leases, METHODS.leases, run),
    secrets: facade(store.secrets, METHODS.secrets, run),
    landingZones: facade(store.landingZones, METHODS.landingZones, run),
    components: facade(store.components, METHODS.components, run),
    stacks: facade(store.stacks, METHODS.stacks, run),
    deployments: facade(store.deployments, METHODS.deployments, run),
    journal: facade(store.journal, METHODS.journal, run),
    cmdb: facade(store.cmdb, METHODS.cmdb, run),
    drift: facade(store.drift, METHODS.drift, run),
    notifications: facade(store.notifications, METHODS.notifications, run),
    identity: facade(store.identity, METHODS.identity, run),
    idempotency: facade(store.idempotency, METHODS.idempotency, run),
    audit: facade(store.audit, METHODS.audit, run),
    approvals: facade(store.approvals, METHODS.approvals, run),
    costs: facade(store.costs, METHODS.costs, run),
    bareMetal: facade(store.bareMetal, METHODS.bareMetal, run),
    cloudAccounts: facade(store.cloudAccounts, METHODS.cloudAccounts, run),
    bootstrap: facade(store.bootstrap, METHODS.bootstrap, run),
  };
}

/** Whether a unit still holds its transaction; repositories bound to it refuse work once it is over. */
interface UnitBinding {
  open: boolean;
}

/** The SQLite store's asynchronous face, with the desktop's outbox and document replicas (which only a local data directory has). */
export interface SqliteStorePort extends StorePort {
  readonly outbox: OutboxPort;
  readonly documentReplicas: DocumentReplicaPort;
  readonly draftReplicas: DraftReplicaPort;
  /** What this desktop drew from its leases while planning offline. */
  readonly leaseDraws: LeaseDrawPort;
  /** The server answers kept for offline browsing (a desktop connected to a shared server). */
  readonly replica: ReplicaPort;
}

const DRAFT_REPLICA_METHODS = ['get', 'list', 'put', 'countWaiting', 'remove'] as const satisfies readonly (keyof DraftReplicaPort)[];

const DOCUMENT_REPLICA_METHODS = [
  'get',
  'list',
  'put',
  'append',
  'remove',
  'countWaiting',
  'rememberUser',
  'users',
  'signedInUser',
] as const satisfies readonly (keyof DocumentReplicaPort)[];

const LEASE_DRAW_METHODS = ['insert', 'list', 'settle', 'remove'] as const satisfies readonly (keyof LeaseDrawPort)[];

const REPLICA_METHODS = [
  'put',
  'get',
  'keys',
  'remove',
  'counts',
  'state',
  'recordUpdate',
] as const satisfies readonly (keyof ReplicaPort)[];

const OUTBOX_METHODS = [
  'insert',
  'get',
  'list',
  'nextPending',
  'counts',
  'markSending',
  'markApplied',
  'markRetry',
  'markDead',
  'retry',
  'discard',
  'recoverSending',
  'lastAppliedAt',
] as const satisfies readonly (keyof OutboxPort)[];

/** Builds the asynchronous face of an open SQLite store; it shares the store's connection. */
export function createSqliteStorePort(db: SqliteDatabase, store: Store): SqliteStorePort {
  let tail: Promise<unknown> = Promise.resolve();
  const units = new AsyncLocalStorage<UnitBinding>();

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job);
    tail = run.catch(() => undefined);
    return run;
  };
  const refuseReentry = (): void => {
    if (units.getStore()?.open) {
      throw new StoreUnitError(
        'store_unit_reentered',
        'The store was called from inside one of its units of work; use the repositories the unit was given (tx) instead',
      );
    }
  };
  const topLevel: Runner = (call) => {
    try {
      refuseReentry();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return enqueue(async () => {
      const fence = currentRequest()?.idempotency;
      if (!fence) return call();
      // A keyed call's write commits only while the call holds its key (see `RequestContext.idempotency`).
      return db.transaction(() => {
        const result = call();
        store.idempotency.fence(fence);
        return result;
      })();
    });
  };

  const runUnit = <T>(work: (tx: Repositories) => Promise<T>, keep: boolean): Promise<T> => {
    try {
      refuseReentry();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return enqueue(async () => {
      const binding: UnitBinding = { open: true };
      const inUnit: Runner = (call) => {
        if (!binding.open)
          return Promise.reject(
            new StoreUnitError(
              'store_unit_closed',
              'A repository of a unit of work was used after the unit ended; run the call inside the unit or on the store',
            ),
          );
        try {
          return Promise.resolve(call());
        } catch (error) {
          return Promise.reject(error as Error);
        }
      };
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await units.run(binding, () => work(bindRepositories(store, inUnit)));
        binding.open = false;
        const fence = currentRequest()?.idempotency;
        if (keep && fence) store.idempotency.fence(fence);
        db.exec(keep ? 'COMMIT' : 'ROLLBACK');
        return result;
      } catch (error) {
        binding.open = false;
        // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  };

  return {
    schemaVersion: store.schemaVersion,
    ...bindRepositories(store, topLevel),
    // Queued like every repository call, so an outbox write never lands inside another unit's transaction.
    outbox: facade(store.outbox, OUTBOX_METHODS, topLevel),
    documentReplicas: facade(store.documentReplicas, DOCUMENT_REPLICA_METHODS, topLevel),
    draftReplicas: facade(store.draftReplicas, DRAFT_REPLICA_METHODS, topLevel),
    leaseDraws: facade(store.leaseDraws, LEASE_DRAW_METHODS, topLevel),
    replica: facade(store.replica, REPLICA_METHODS, topLevel),
    unitOfWork: (work) => runUnit(work, true),
    rehearse: (work) => runUnit(work, false),
    // An embedded database answers while it is open.
    ping: () => enqueue(async () => undefined),
    close: async () => {
      await enqueue(async () => undefined);
      store.close();
    },
  };
}

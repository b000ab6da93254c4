/**
 * The PostgreSQL implementation of {@link StorePort}, over a `pg` connection pool.
 *
 * Units of work run side by side, each on a connection of its own, from `BEGIN` to `COMMIT` (or
 * `ROLLBACK` when the work rejects, and always for a rehearsal). Isolation is PostgreSQL's READ
 * COMMITTED; what SQLite gets from running units one after another is made explicit here: saves
 * compare-and-swap on revisions, a unit that reads an IPAM pool's occupancy locks the pool's row
 * until it ends, naming series and deploy locks are taken atomically, and read-merge-write changes
 * lock the row they change. Each repository call inside a unit runs under a savepoint, so a call
 * that fails (a unique index refusing a name) undoes only itself and leaves the unit usable, as a
 * failed statement does in SQLite; calls of one unit run one after another. Outside a unit, each
 * repository call is a transaction of its own. A unit (or call) that PostgreSQL fails because it
 * deadlocked or could not be serialized with another is run again from the start a few times, then
 * reported as `store_conflict`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repositories } from '../ports/repositories.js';
import { REPOSITORY_METHODS } from '../ports/repository-methods.js';
import { StoreUnitError, type StorePort } from '../ports/store-port.js';
import { PgApprovalRepository } from './approval-repository.js';
import { PgCostRepository } from './cost-repository.js';
import { PgAuditRepository } from './audit.js';
import { PgCmdbRepository } from './cmdb-repository.js';
import { PgComponentRepository } from './component-repository.js';
import { PgDeploymentRepository } from './deployment-repository.js';
import { PgDriftRepository } from './drift-repository.js';
import { PgNotificationRepository } from './notification-repository.js';
import { PgIdentityRepository } from './identity-repository.js';
import { fenceIdempotency, PgIdempotencyRepository } from './idempotency-repository.js';
import { currentRequest } from '../../context/request-context.js';
import { PgIpamRepository } from './ipam-repository.js';
import { PgJobRepository } from './job-repository.js';
import { PgJournalRepository } from './journal-repository.js';
import { PgLandingZoneRepository } from './landing-zone-repository.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { PgLeaseRepository } from './lease-repository.js';
import { PgTopologyDocumentRepository } from './topology-document-repository.js';
import { PgDraftDocumentRepository } from './draft-document-repository.js';
// Bare metal.
import { PgBareMetalRepository } from './baremetal-repository.js';
import { PgNamingRepository } from './naming-repository.js';
import { isTransientConflict, storeConflict, translatePgError } from './errors.js';
import { createPgPool, describeDatabase, isPgServerError, type PgClient, type PgPool } from './pg.js';
import { PgSecretRepository } from './secret-repository.js';
import { PgSettingsRepository } from './settings-repository.js';
import { PgBootstrapRepository } from './bootstrap-repository.js';
import { clientSql, type Sql, type UnitLocks } from './sql.js';
import { currentTenantScope } from '../../context/tenant-scope.js';
import { PgStackRepository } from './stack-repository.js';
import { PgTopologyRepository } from './topology-repository.js';
import { PgCloudAccountRepository } from './cloud-account-repository.js';

/** How a PostgreSQL store is opened. */
export interface PostgresStoreOptions {
  /** Who the audit rows name as the actor of changes. */
  actor?: string;
  /** The most connections the store opens at once (units of work beyond it wait for one). */
  poolSize?: number;
}

/** Runs one repository call the way a port method must: in its own transaction, or inside a unit. */
type Call = <R>(work: (sql: Sql) => Promise<R>) => Promise<R>;

/** A repository's methods as port methods: the transaction argument is supplied by the store. */
type Bound<T, K extends keyof T> = {
  [P in K]: T[P] extends (sql: Sql, ...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

function facade<T extends object, K extends keyof T & string>(repository: T, names: readonly K[], call: Call): Bound<T, K> {
  const methods: Record<string, unknown> = {};
  for (const name of names) {
    const method = repository[name] as (sql: Sql, ...args: unknown[]) => Promise<unknown>;
    methods[name] = (...args: unknown[]) => call((sql) => method.call(repository, sql, ...args));
  }
  return methods as Bound<T, K>;
}

/** The repositories of one store; stateless, so every transaction shares them. */
function createRepositories(actor: string) {
  return {
    settings: new PgSettingsRepository(actor),
    topologies: new PgTopologyRepository(actor),
    topologyDocuments: new PgTopologyDocumentRepository(),
    draftDocuments: new PgDraftDocumentRepository(),
    jobs: new PgJobRepository(),
    ipam: new PgIpamRepository(),
    naming: new PgNamingRepository(),
    leases: new PgLeaseRepository(),
    secrets: new PgSecretRepository(),
    landingZones: new PgLandingZoneRepository(),
    components: new PgComponentRepository(),
    stacks: new PgStackRepository(),
    deployments: new PgDeploymentRepository(actor),
    journal: new PgJournalRepository(),
    cmdb: new PgCmdbRepository(),
    drift: new PgDriftRepository(),
    notifications: new PgNotificationRepository(actor),
    audit: new PgAuditRepository(),
    identity: new PgIdentityRepository(actor),
    approvals: new PgApprovalRepository(actor),
    idempotency: new PgIdempotencyRepository(),
    costs: new PgCostRepository(actor),
    bareMetal: new PgBareMetalRepository(actor),
    cloudAccounts: new PgCloudAccountRepository(actor),
    bootstrap: new PgBootstrapRepository(actor),
  };
}

function bindRepositories(repositories: ReturnType<typeof createRepositories>, call: Call): Repositories {
  const m = REPOSITORY_METHODS;
  return {
    settings: facade(repositories.settings, m.settings, call),
    topologies: facade(repositories.topologies, m.topologies, call),
    topologyDocuments: facade(repositories.topologyDocuments, m.topologyDocuments, call),
    draftDocuments: facade(repositories.draftDocuments, m.draftDocuments, call),
    jobs: facade(repositories.jobs, m.jobs, call),
    ipam: facade(repositories.ipam, m.ipam, call),
    naming: facade(repositories.naming, m.naming, call),
    leases: facade(repositories.leases, m.leases, call),
    secrets: facade(repositories.secrets, m.secrets, call),
    landingZones: facade(repositories.landingZones, m.landingZones, call),
    components: facade(repositories.components, m.components, call),
    stacks: facade(repositories.stacks, m.stacks, call),
    deployments: facade(repositories.deployments, m.deployments, call),
    journal: facade(repositories.journal, m.journal, call),
    cmdb: facade(repositories.cmdb, m.cmdb, call),
    drift: facade(repositories.drift, m.drift, call),
    notifications: facade(repositories.notifications, m.notifications, call),
    audit: facade(repositories.audit, m.audit, call),
    identity: facade(repositories.identity, m.identity, call),
    approvals: facade(repositories.approvals, m.approvals, call),
    idempotency: facade(repositories.idempotency, m.idempotency, call),
    costs: facade(repositories.costs, m.costs, call),
    bareMetal: facade(repositories.bareMetal, m.bareMetal, call),
    cloudAccounts: facade(repositories.cloudAccounts, m.cloudAccounts, call),
    bootstrap: facade(repositories.bootstrap, m.bootstrap, call),
  };
}

/** A unit of work while it runs: its locks, whether it is still open, and its queue of calls. */
interface UnitState {
  open: boolean;
  readonly locks: UnitLocks;
  queue: Promise<unknown>;
}

/** A connection from the pool; a database that does not answer is `service_unavailable`. */
async function connect(pool: PgPool): Promise<PgClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw translatePgError(error);
  }
}

/**
 * `BEGIN` with the tenant scope of the code running now set for the transaction, in the same round
 * trip (one simple-protocol query): the repositories' filters and the row-level security policies
 * read `nimbus.tenant` / `nimbus.engine_work`, and `set_config(…, true)` ends with the transaction, so
 * a pooled connection never carries a scope over to the next one.
 */
function beginInScope(client: PgClient): string {
  const scope = currentTenantScope();
  const tenant = client.escapeLiteral(scope.tenant ?? '');
  return `BEGIN; SELECT set_config('nimbus.tenant', ${tenant}, true), set_config('nimbus.engine_work', '${scope.engineWork ? 'on' : ''}', true)`;
}

/** In a call made with an idempotency key: checks, in the transaction about to commit, that the call still holds the key. */
async function fenceCall(sql: Sql): Promise<void> {
  const fence = currentRequest()?.idempotency;
  if (fence) await fenceIdempotency(sql, fence);
}

/** Commits, and fails loudly when the server rolled back instead (a transaction it had aborted). */
async function commit(client: PgClient): Promise<void> {
  const result = await client.query('COMMIT');
  if (result.command !== 'COMMIT') throw new Error('PostgreSQL rolled the unit of work back instead of committing it');
}

/** Rolls back; false when that failed too (the connection is broken and must not go back to the pool). */
async function rollback(client: PgClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return true;
  } catch {
    return false;
  }
}

/** A failure to reach the server at all (a refused connection, an unknown host), not one it reported. */
function isUnreachable(error: unknown): boolean {
  return !isPgServerError(error) && error instanceof Error && /^E[A-Z]+$/.test(String((error as NodeJS.ErrnoException).code ?? ''));
}

/** How many times a unit of work runs at most when it keeps colliding with others. */
export const CONFLICT_ATTEMPTS = 5;
const CONFLICT_BACKOFF_MS = 20;

/**
 * Runs `attempt` until it succeeds or fails for a reason other than a collision with a concurrent
 * transaction (`40P01` deadlock, `40001` serialization failure, in the error or as reported by one of
 * its calls through `seen`), waiting a short, growing, jittered while between runs so the colliding
 * units do not meet again in step. After {@link CONFLICT_ATTEMPTS} runs the collision is reported as
 * `store_conflict` (HTTP 409), not as an internal failure.
 */
async function retryingConflicts<T>(attempt: (seen: { conflict: boolean }) => Promise<T>): Promise<T> {
  for (let run = 1; ; run += 1) {
    const seen = { conflict: false };
    try {
      return await attempt(seen);
    } catch (error) {
      if (!seen.conflict && !isTransientConflict(error)) throw error;
      if (run >= CONFLICT_ATTEMPTS) throw storeConflict(error, run);
      const ceiling = CONFLICT_BACKOFF_MS * 2 ** (run - 1);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}

/**
 * Opens the store on `url` (`postgresql://user:password@host:port/database`), migrating the database
 * to this build's schema first, or refusing one a newer Nimbus migrated (`database_too_new`).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<StorePort> {
  const pool = createPgPool(url, { max: options.poolSize });
  try {
    const schemaVersion = await migratePostgres(pool, POSTGRES_MIGRATIONS, url).catch((error: unknown) => {
      throw isUnreachable(error)
        ? new Error(
            `PostgreSQL at ${describeDatabase(url)} cannot be reached (${(error as Error).message || (error as NodeJS.ErrnoException).code})`,
            {
              cause: error,
            },
          )
        : error;
    });
    return createPostgresStorePort(pool, schemaVersion, options.actor ?? 'local-user');
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Builds the store over an open pool whose database is already at `schemaVersion`; closing the store ends the pool. */
export function createPostgresStorePort(pool: PgPool, schemaVersion: number, actor: string): StorePort {
  const repositories = createRepositories(actor);
  const units = new AsyncLocalStorage<UnitState>();
  const running = new Set<Promise<unknown>>();
  let closed = false;

  /** Refuses what must not start (a call from inside a unit, a call after close), then tracks it for close. */
  const start = async <T>(job: () => Promise<T>): Promise<T> => {
    if (units.getStore()?.open) {
      throw new StoreUnitError(
        'store_unit_reentered',
        'The store was called from inside one of its units of work; use the repositories the unit was given (tx) instead',
      );
    }
    if (closed) throw new Error('The PostgreSQL store is closed');
    const run = job();
    running.add(run);
    try {
      return await run;
    } finally {
      running.delete(run);
    }
  };

  const topLevel: Call = (work) =>
    start(() =>
      retryingConflicts(async () => {
        const client = await connect(pool);
        let broken = false;
        try {
          await client.query(beginInScope(client));
          const sql = clientSql(client, undefined);
          const result = await work(sql);
          await fenceCall(sql);
          await commit(client);
          return result;
        } catch (error) {
          broken = !(await rollback(client));
          throw translatePgError(error);
        } finally {
          client.release(broken);
        }
      }),
    );

  /** One run of a unit of work on a connection of its own; `seen.conflict` tells whether one of its calls hit a deadlock. */
  const attemptUnit = async <T>(work: (tx: Repositories) => Promise<T>, keep: boolean, seen: { conflict: boolean }): Promise<T> => {
    const client = await connect(pool);
    const state: UnitState = { open: true, locks: { pools: new Set(), series: new Set() }, queue: Promise.resolve() };
    const sql = clientSql(client, state.locks);
    const closedError = () =>
      new StoreUnitError(
        'store_unit_closed',
        'A repository of a unit of work was used after the unit ended; run the call inside the unit or on the store',
      );
    const inUnit: Call = (call) => {
      if (!state.open) return Promise.reject(closedError());
      const run = state.queue.then(async () => {
        if (!state.open) throw closedError();
        await client.query('SAVEPOINT nimbus_call');
        try {
          const result = await call(sql);
          await client.query('RELEASE SAVEPOINT nimbus_call');
          return result;
        } catch (error) {
          if (isTransientConflict(error)) seen.conflict = true;
          await client.query('ROLLBACK TO SAVEPOINT nimbus_call');
          await client.query('RELEASE SAVEPOINT nimbus_call');
          throw translatePgError(error);
        }
      });
      state.queue = run.catch(() => undefined);
      return run;
    };
    let broken = false;
    try {
      await client.query(beginInScope(client));
      const result = await units.run(state, () => work(bindRepositories(repositories, inUnit)));
      // Calls the work started without awaiting them still belong to the unit.
      await state.queue;
      state.open = false;
      if (keep) await fenceCall(sql);
      if (keep) await commit(client);
      else await client.query('ROLLBACK');
      return result;
    } catch (error) {
      await state.queue;
      state.open = false;
      broken = !(await rollback(client));
      throw error;
    } finally {
      state.open = false;
      client.release(broken);
    }
  };

  // A unit that failed because it collided with another (a deadlock, a serialization failure) is run
  // again from the start: it awaits nothing but its repositories, so a second run is the same work.
  const runUnit = <T>(work: (tx: Repositories) => Promise<T>, keep: boolean): Promise<T> =>
    start(() => retryingConflicts((seen) => attemptUnit(work, keep, seen)));

  return {
    schemaVersion,
    ...bindRepositories(repositories, topLevel),
    unitOfWork: (work) => runUnit(work, true),
    rehearse: (work) => runUnit(work, false),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...running]);
      await pool.end();
    },
  };
}

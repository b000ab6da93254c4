import { NimbusError } from '../../errors.js';
import type { Repositories } from './repositories.js';

/**
 * Repositories with a way to run a unit of work: the store itself, or a unit already open (see
 * {@link joinUnit}). Services take one, so the same service code runs on its own or as part of a
 * caller's larger unit (a local sandbox creates a pool, a landing zone and an environment in one).
 */
export interface RepositoryScope extends Repositories {
  unitOfWork<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** The scope of an open unit: its repositories, and units started on it join it rather than nest. */
export function joinUnit(tx: Repositories): RepositoryScope {
  return { ...tx, unitOfWork: (work) => work(tx) };
}

/**
 * The store as the services will use it on every backend: the repositories (each call atomic by
 * itself), units of work that bind them to one transaction, and rehearsals that run and undo.
 *
 * Implementations: SQLite (`../sqlite-store-port.ts`, over the synchronous better-sqlite3 driver);
 * PostgreSQL (`../postgres/postgres-store-port.ts`, over `pg`). Both pass the contract suite in `../contract/`.
 */
export interface StorePort extends RepositoryScope {
  readonly schemaVersion: number;
  /**
   * Runs `work` with repositories bound to one transaction: committed when `work` resolves, rolled
   * back (and the error rethrown) when it rejects. Units may run one after another (SQLite) or side
   * by side (PostgreSQL); either way a unit sees no write another has not committed, a save on a
   * stale revision is refused rather than lost, and units that allocate from one IPAM pool get
   * distinct blocks. Inside a unit, use only `tx`: calling the store itself there is refused
   * (`store_unit_reentered`), as it would wait for the unit that makes the call; using `tx` after
   * the unit ended is refused too (`store_unit_closed`).
   */
  unitOfWork<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` like a unit of work and then undoes every write it made, whatever happened: previews
   * use it to show exactly what a commit would allocate while reserving nothing.
   */
  rehearse<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers (`/healthz`); rejects with the reason it does not. */
  ping(): Promise<void>;
  /** Waits for running units, then closes the connection. */
  close(): Promise<void>;
}

/** A unit of work was used the wrong way (see {@link StorePort.unitOfWork}). */
export class StoreUnitError extends NimbusError {
  override name = 'StoreUnitError';
  constructor(code: 'store_unit_reentered' | 'store_unit_closed', message: string) {
    super(code, message, {});
  }
}

/**
 * What the PostgreSQL repositories run their statements through: one connection, inside a
 * transaction the store opened for them (a unit of work's, or one for a single repository call).
 */
import type { PgClient, PgRow } from './pg.js';

/** The locks a unit of work already holds, so it takes each one once (they last until it ends). */
export interface UnitLocks {
  /** IPAM pools whose row this unit locked (`SELECT … FOR UPDATE`) before reading their allocations. */
  readonly pools: Set<string>;
  /** Naming series (scope and series) this unit locked before reading their sequences. */
  readonly series: Set<string>;
}

/** One transaction's statements; repositories never begin, commit or roll back themselves. */
export interface Sql {
  /** Every row of a statement. */
  rows<R = PgRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** The first row of a statement, or undefined. */
  row<R = PgRow>(text: string, values?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a statement and returns how many rows it changed. */
  run(text: string, values?: readonly unknown[]): Promise<number>;
  /**
   * The locks of the unit of work this transaction belongs to, or undefined for a transaction that
   * holds a single repository call (locking there would protect nothing beyond the call).
   */
  readonly unit: UnitLocks | undefined;
}

/** The {@link Sql} of a transaction open on `client`. */
export function clientSql(client: PgClient, unit: UnitLocks | undefined): Sql {
  const query = (text: string, values: readonly unknown[] = []) => client.query(text, values as unknown[]);
  return {
    unit,
    rows: async <R>(text: string, values?: readonly unknown[]) => (await query(text, values)).rows as R[],
    row: async <R>(text: string, values?: readonly unknown[]) => (await query(text, values)).rows[0] as R | undefined,
    run: async (text, values) => (await query(text, values)).rowCount ?? 0,
  };
}

/** A JSON document as a `jsonb` parameter: `pg` would turn a bare array into a PostgreSQL array. */
export function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

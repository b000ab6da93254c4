/**
 * The only module that imports the `pg` client, so the driver can be upgraded or replaced in one place.
 *
 * Values come back the way the records want them, whatever the server's settings: `timestamptz` as
 * ISO strings (`2026-12-01T00:00:00.000Z`, as the SQLite store returns them), `bigint` as numbers
 * (identities and counts stay far below 2^53), `jsonb` parsed. These parsers belong to the pools made
 * here only; the `pg` module's global defaults are left alone.
 */
import pg from 'pg';

/** A connection pool to one database. */
export type PgPool = pg.Pool;
/** One connection checked out of a {@link PgPool}: a transaction lives on one of these. */
export type PgClient = pg.PoolClient;
/** A row as `pg` returns it, before a repository maps it to a record. */
export type PgRow = Record<string, unknown>;
/** An error the server reported, with its SQLSTATE `code` (`23505` a unique violation, …). */
export type PgServerError = pg.DatabaseError;

const TIMESTAMPTZ = 1184;
const INT8 = 20;

const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => Date;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ && format !== 'binary') return (value: string) => parseTimestamp(value).toISOString();
    if (oid === INT8 && format !== 'binary') return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens a pool on `url` (`postgresql://user:password@host:port/database`); connections open on first use. */
export function createPgPool(url: string, options: { max?: number } = {}): PgPool {
  // A database that does not answer fails a checkout after 10 s instead of holding the caller forever.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    application_name: 'nimbus',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server dropped (a restart, an administrator) must not crash the process:
  // the pool discards it and the next checkout opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** Whether `error` is one the server reported (rather than a network or client failure). */
export function isPgServerError(error: unknown): error is PgServerError {
  return error instanceof pg.DatabaseError;
}

/** `url` without its password, for messages and logs. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'the PostgreSQL database';
  }
}

import { NimbusError, ValidationError } from '../../errors.js';
import { isPgServerError } from './pg.js';

/**
 * The server's refusals that are about the input rather than the store, as the errors the services
 * already handle. PostgreSQL cannot hold the NUL character in `text` or `jsonb` (SQLite can): such a
 * value is invalid input here, not an internal failure.
 */
export function translatePgError(error: unknown): unknown {
  if (isConnectionFailure(error)) {
    return new NimbusError('service_unavailable', 'The database does not answer now; try again shortly', {}, { cause: error });
  }
  if (!isPgServerError(error)) return error;
  const nul =
    (error.code === '22021' && /0x00/.test(error.message)) ||
    (error.code === '22P05' && /\\u0000/.test(`${error.message} ${error.detail ?? ''}`));
  if (nul) {
    return new ValidationError(
      'value',
      [{ path: '', message: 'contains the NUL character (\\u0000), which PostgreSQL cannot store in text or JSON' }],
      {
        store: 'postgres',
      },
    );
  }
  return error;
}

/** PostgreSQL's classes of "the connection is gone" (08), "the server is shutting down or starting" (57P01–57P03). */
const CONNECTION_STATES = /^(08...|57P0[123])$/;

/**
 * A failure to reach or keep the database (refused, reset, timed out, the server shutting down), as
 * opposed to a statement it refused: the caller should retry later, nothing about the input is wrong.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (isPgServerError(error)) return CONNECTION_STATES.test(error.code ?? '');
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code) ||
    /^Connection terminated|^timeout exceeded when trying to connect/.test(error.message)
  );
}

/** PostgreSQL's `deadlock_detected` and `serialization_failure`: the server gave up on one of two colliding transactions. */
const CONFLICT_STATES = new Set(['40P01', '40001']);

/**
 * Whether `error` (or an error it wraps as its `cause`) is a deadlock or a serialization failure: the
 * transaction was rolled back only because another ran at the same time, so running it again from the
 * start is both safe and likely to succeed.
 */
export function isTransientConflict(error: unknown): boolean {
  return conflictState(error) !== undefined;
}

/** The SQLSTATE of the deadlock or serialization failure in `error`'s cause chain, if there is one. */
function conflictState(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (isPgServerError(current) && CONFLICT_STATES.has(current.code ?? '')) return current.code;
    current = current.cause;
  }
  return undefined;
}

/**
 * A unit of work that kept colliding with others after every retry, as the classified error the API
 * answers with HTTP 409 (the caller may try again), rather than `internal`.
 */
export function storeConflict(error: unknown, attempts: number): NimbusError {
  const reason = conflictState(error) === '40P01' ? 'a deadlock' : 'a serialization failure';
  return new NimbusError(
    'store_conflict',
    `The change collided with other changes made at the same time (${reason} in the database) ${attempts} times in a row and was not saved; try again`,
    { attempts },
    { cause: error },
  );
}

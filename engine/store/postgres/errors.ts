import { ValidationError } from '../../errors.js';
import { isPgServerError } from './pg.js';

/**
 * The server's refusals that are about the input rather than the store, as the errors the services
 * already handle. PostgreSQL cannot hold the NUL character in `text` or `jsonb` (SQLite can): such a
 * value is invalid input here, not an internal failure.
 */
export function translatePgError(error: unknown): unknown {
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

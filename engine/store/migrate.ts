import { NimbusError } from '../errors.js';
import type { Migration } from './migration.js';
import type { SqliteDatabase } from './sqlite.js';

/** The database was written by a newer Nimbus; opening it could lose that version's data. */
export class DatabaseTooNewError extends NimbusError {
  override name = 'DatabaseTooNewError';
  constructor(file: string, found: number, supported: number) {
    super(
      'database_too_new',
      `The database ${file} has schema version ${found}, but this Nimbus understands up to ${supported}. ` +
        'It was written by a newer version: update Nimbus, or choose another data directory. Nothing was changed.',
      { file, found, supported },
    );
  }
}

/**
 * Brings the schema up to the newest migration. Each migration runs in its own transaction together
 * with the `user_version` bump, so an interrupted upgrade leaves the previous version intact.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[], file: string): number {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at ${index + 1}`);
  });
  const latest = ordered.length;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) throw new DatabaseTooNewError(file, current, latest);
  for (const m of ordered.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}

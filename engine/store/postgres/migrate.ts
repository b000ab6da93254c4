/**
 * Brings a PostgreSQL database up to this build's schema. The version is the highest row of
 * `schema_migrations`; each migration runs in its own transaction together with its row. Migrators
 * take a session advisory lock first, so of two processes starting against a fresh database one
 * migrates and the other waits, then finds nothing left to do.
 */
import { NimbusError } from '../../errors.js';
import type { PostgresMigration } from './migration.js';
import { describeDatabase, isPgServerError, type PgPool } from './pg.js';
import { clientSql } from './sql.js';

/** The advisory lock every Nimbus migrator of a database takes (`pg_advisory_lock(key1, key2)`). */
const MIGRATION_LOCK = [0x4e494d42, 1] as const; // "NIMB", schema migrations

/** The database was migrated by a newer Nimbus; this build could misread what that version wrote. */
export class PostgresSchemaTooNewError extends NimbusError {
  override name = 'PostgresSchemaTooNewError';
  constructor(database: string, found: number, supported: number) {
    super(
      'database_too_new',
      `The PostgreSQL database ${database} has schema version ${found}, but this Nimbus understands up to ${supported}. ` +
        'It was migrated by a newer version: update Nimbus, or point it at another database. Nothing was changed.',
      { database, found, supported },
    );
  }
}

/** Checks that migrations are numbered 1..n without gaps; returns them in order. */
function ordered(migrations: readonly PostgresMigration[]): PostgresMigration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at ${index + 1}`);
  });
  return sorted;
}

/** Migrates the database of `pool` to the newest of `migrations`; returns that schema version. */
export async function migratePostgres(pool: PgPool, migrations: readonly PostgresMigration[], url: string): Promise<number> {
  const steps = ordered(migrations);
  const latest = steps.length;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const found = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const current = found.rows[0]?.version ?? 0;
      if (current > latest) throw new PostgresSchemaTooNewError(describeDatabase(url), current, latest);
      for (const step of steps.slice(current)) {
        // Migrations change every tenant's rows: the engine's own work (row-level security lets it).
        await client.query("BEGIN; SELECT set_config('nimbus.engine_work', 'on', true)");
        try {
          await step.up(clientSql(client, undefined));
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${step.version} (${step.name}) failed: ${(error as Error).message}`, { cause: error });
        }
      }
      return latest;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => {
        // The session ends with the connection, and its lock with it.
        broken = true;
      });
    }
  } catch (error) {
    broken ||= !isPgServerError(error);
    throw error;
  } finally {
    client.release(broken);
  }
}

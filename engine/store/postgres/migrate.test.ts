import { describe, expect, it } from 'vitest';
import { migratePostgres } from './migrate.js';
import type { PostgresMigration } from './migration.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { createPgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const LATEST = POSTGRES_MIGRATIONS.length;

async function query<R>(url: string, text: string): Promise<R[]> {
  const pool = createPgPool(url, { max: 1 });
  try {
    return (await pool.query(text)).rows as R[];
  } finally {
    await pool.end();
  }
}

const versions = (url: string) =>
  query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version').then((rows) => rows.map((r) => r.version));

describe('PostgreSQL migrations', () => {
  it('migrates an empty database to the newest schema once, and reopening changes nothing', async () => {
    const database = await databases.empty();
    const store = await openPostgresStore(database.url);
    expect(store.schemaVersion).toBe(LATEST);
    await store.topologies.create('kept');
    await store.close();
    const reopened = await openPostgresStore(database.url);
    expect((await reopened.topologies.list()).map((t) => t.name)).toEqual(['kept']);
    await reopened.close();
    expect(await versions(database.url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('lets only one of several migrators starting together migrate a fresh database', async () => {
    const database = await databases.empty();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(database.url)));
    expect(stores.map((s) => s.schemaVersion)).toEqual([LATEST, LATEST, LATEST, LATEST]);
    await Promise.all(stores.map((s) => s.close()));
    expect(await versions(database.url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database a newer Nimbus migrated, naming it and changing nothing', async () => {
    const database = await databases.migrated();
    await query(database.url, `INSERT INTO schema_migrations (version, name) VALUES (${LATEST + 1}, 'from-the-future')`);
    const refusal = openPostgresStore(database.url);
    await expect(refusal).rejects.toMatchObject({ code: 'database_too_new', details: { found: LATEST + 1, supported: LATEST } });
    await expect(refusal).rejects.toThrow(new RegExp(`${database.name}.*schema version ${LATEST + 1}.*up to ${LATEST}`));
    await expect(refusal).rejects.not.toThrow(/postgres:[0-9a-f]{8}/);
    expect(await versions(database.url)).toEqual([...POSTGRES_MIGRATIONS.map((m) => m.version), LATEST + 1]);
  });

  it('rolls a failing migration back entirely and keeps the version before it', async () => {
    const database = await databases.empty();
    const steps: PostgresMigration[] = [
      { version: 1, name: 'first', up: async (sql) => void (await sql.run('CREATE TABLE first_table (id integer)')) },
      {
        version: 2,
        name: 'broken',
        up: async (sql) => {
          await sql.run('CREATE TABLE second_table (id integer)');
          await sql.run('SELECT * FROM no_such_table');
        },
      },
    ];
    const pool = createPgPool(database.url, { max: 1 });
    try {
      await expect(migratePostgres(pool, steps, database.url)).rejects.toThrow(/migration 2 \(broken\) failed: .*no_such_table/);
      const tables = await pool.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(tables.rows.map((r) => r.name)).toEqual(['first_table', 'schema_migrations']);
      expect(await versions(database.url)).toEqual([1]);
      await expect(migratePostgres(pool, [steps[0]!, { ...steps[0]!, version: 3 }], database.url)).rejects.toThrow(/without gaps/);
    } finally {
      await pool.end();
    }
  });

  it('says which server it could not reach', async () => {
    await expect(openPostgresStore('postgresql://nimbus:secret@127.0.0.1:1/nowhere')).rejects.toThrow(
      /PostgreSQL at 127\.0\.0\.1:1\/nowhere cannot be reached/,
    );
  });
});

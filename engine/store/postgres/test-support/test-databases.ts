/**
 * Databases for the PostgreSQL tests, on the server the global setup provides: a database per test
 * file, migrated once, and a copy of it for every test that wants a fresh store (`CREATE DATABASE …
 * TEMPLATE`, far quicker than migrating again). Everything is dropped when the file ends.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPostgresStore } from '../postgres-store-port.js';
import { createPgPool, describeDatabase, type PgPool } from '../pg.js';

/** A database made for a test, and how to get rid of it. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The URL of the test server, or the reason there is none (thrown, so the test fails saying why). */
export function testServerUrl(): string {
  const server = inject('postgresServer');
  if (!server) throw new Error('No PostgreSQL server for the tests: run them through vitest, whose global setup starts one');
  if ('error' in server) throw new Error(server.error);
  return server.url;
}

/** `url` with another user and password (the test role the store connects as). */
export function asUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

/** `url` pointing at another database of the same server. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Per-file databases; call at the top level of a test file (it registers `beforeAll`/`afterAll`). */
export function useTestDatabases(): {
  /** An empty database at no schema at all; `clause` ends its `CREATE DATABASE` (a locale, say). */
  empty(clause?: string): Promise<TestDatabase>;
  /** A database migrated to this build's schema, holding nothing else. */
  migrated(): Promise<TestDatabase>;
} {
  const prefix = `nimbus_test_${randomBytes(4).toString('hex')}`;
  // The store connects as a role of its own that is no superuser and cannot bypass row-level
  // security; it owns the test databases (and so the tables its migrations create), nothing else.
  const role = `${prefix}_app`;
  const password = randomBytes(12).toString('hex');
  let admin: PgPool | undefined;
  let template: string | undefined;
  let serial = 0;
  let unavailable: string | undefined;
  const made = new Set<string>();

  const create = async (options: { template?: string; clause?: string } = {}): Promise<TestDatabase> => {
    if (unavailable !== undefined || !admin) throw new Error(unavailable ?? 'the test databases are created in beforeAll');
    const name = `${prefix}_${++serial}`;
    await admin.query(
      `CREATE DATABASE ${name} OWNER ${role}${options.template ? ` TEMPLATE ${options.template}` : ''} ${options.clause ?? ''}`,
    );
    made.add(name);
    const pool = admin;
    return {
      name,
      url: asUser(databaseUrl(testServerUrl(), name), role, password),
      drop: async () => {
        made.delete(name);
        await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  };

  beforeAll(async () => {
    // Every test asking for a database fails with the reason there is none (a failing beforeAll
    // would only mark them skipped).
    let url: string;
    try {
      url = testServerUrl();
    } catch (error) {
      unavailable = (error as Error).message;
      return;
    }
    admin = createPgPool(url, { max: 2 });
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
      const base = await create();
      const store = await openPostgresStore(base.url);
      await store.close();
      template = base.name;
    } catch (error) {
      unavailable = `The PostgreSQL test server ${describeDatabase(url)} cannot be used: ${(error as Error).message}`;
    }
  });
  afterAll(async () => {
    if (!admin) return;
    for (const name of [...made].reverse()) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await admin.end();
  });

  return {
    empty: (clause) => create({ clause }),
    migrated: () => {
      if (!template) return Promise.reject(new Error(unavailable ?? 'the template database is made in beforeAll'));
      return create({ template });
    },
  };
}

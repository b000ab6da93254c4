import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import type { StorePort } from '../ports/store-port.js';
import { createPgPool, type PgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

const databases = useTestDatabases();
const asTenant = <T>(tenant: string, work: () => Promise<T>) =>
  runInRequest({ requestId: 'rls', actor: 'tester', tenant, clientAddress: null }, work);

describe('row-level security on the PostgreSQL store', () => {
  let database: TestDatabase;
  let store: StorePort;
  let raw: PgPool;
  beforeAll(async () => {
    database = await databases.migrated();
    store = await openPostgresStore(database.url);
    raw = createPgPool(database.url, { max: 1 });
  });
  afterAll(async () => {
    await store.close();
    await raw.end();
    await database.drop();
  });

  it('runs the store as a role that is no superuser and cannot bypass row-level security', async () => {
    const { rows } = await raw.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('shows a connection without a tenant setting no tenant row, and one with a setting only its own', async () => {
    await asTenant('a', () => store.topologies.create('office'));
    await asTenant('a', () => store.jobs.create({ id: 'job-a', kind: 'k', title: 't', createdAt: '2026-12-01T00:00:00.000Z' }));
    const count = async (prelude: string, table: string) => {
      const client = await raw.connect();
      try {
        await client.query(`BEGIN; ${prelude}`);
        const { rows } = await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        await client.query('ROLLBACK');
        return rows[0]!.n;
      } finally {
        client.release();
      }
    };
    for (const table of ['topologies', 'jobs', 'audit_log']) {
      expect(await count('', table), table).toBe(0);
      expect(await count("SELECT set_config('nimbus.tenant', 'b', true)", table), table).toBe(0);
      expect(await count("SELECT set_config('nimbus.tenant', 'a', true)", table), table).toBeGreaterThan(0);
      expect(await count("SELECT set_config('nimbus.engine_work', 'on', true)", table), table).toBeGreaterThan(0);
    }
    // Nor can it write one, or change one it cannot see.
    await expect(
      raw.query(`INSERT INTO jobs (id, kind, title, status, created_at) VALUES ('x', 'k', 't', 'running', now())`),
    ).rejects.toThrow();
    expect((await raw.query(`UPDATE jobs SET title = 'stolen'`)).rowCount).toBe(0);
    await expect(
      raw.query(
        `BEGIN; SELECT set_config('nimbus.tenant', 'b', true); INSERT INTO jobs (id, kind, title, status, created_at, tenant) VALUES ('y', 'k', 't', 'running', now(), 'a'); COMMIT`,
      ),
    ).rejects.toThrow(/row-level security/);
    await raw.query('ROLLBACK').catch(() => undefined);
  });

  it('sets the tenant in the round trip that begins the transaction (measured)', async () => {
    const time = async (begin: string) => {
      const client = await raw.connect();
      try {
        const started = process.hrtime.bigint();
        for (let n = 0; n < 300; n++) {
          await client.query(begin);
          await client.query('SELECT count(*) FROM topologies');
          await client.query('COMMIT');
        }
        return Number(process.hrtime.bigint() - started) / 1e6 / 300;
      } finally {
        client.release();
      }
    };
    await time('BEGIN');
    const bare = await time('BEGIN');
    const plain = await time("BEGIN; SELECT set_config('nimbus.engine_work', 'on', true)");
    const scoped = await time("BEGIN; SELECT set_config('nimbus.tenant', 'a', true), set_config('nimbus.engine_work', '', true)");
    console.info(
      `PostgreSQL transaction, bare BEGIN: ${bare.toFixed(3)} ms, with engine-wide scope: ${plain.toFixed(3)} ms, with a tenant scope: ${scoped.toFixed(3)} ms`,
    );
    expect(scoped).toBeLessThan(plain * 3 + 1);
  });
});

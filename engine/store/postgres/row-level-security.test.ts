import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import type { StorePort } from '../ports/store-port.js';
import { createPgPool, type PgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';
import { TENANT_TABLES } from './migrations/0007-tenants.js';
import { NOTIFICATION_TABLES } from './migrations/0012-notifications.js';

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

  it('enables and forces row-level security on every tenant table, where a bare connection sees nothing', async () => {
    await asTenant('a', () => store.topologies.create('office'));
    const { rows } = await raw.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`,
      [TENANT_TABLES.map((t) => t.table)],
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    for (const { table } of TENANT_TABLES) expect((await raw.query(`SELECT 1 FROM ${table}`)).rowCount, table).toBe(0);
  });

  it('forces row-level security on every table with a tenant column, tables added since tenants came included', async () => {
    const { rows } = await raw.query<{ table: string; secured: boolean; forced: boolean; policies: number }>(
      `SELECT c.relname AS table, c.relrowsecurity AS secured, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant' AND NOT a.attisdropped)
        ORDER BY c.relname`,
    );
    // Identity tables have none by design (a token is looked up before its tenant is known; see
    // migration 0008), and the audit log keeps its own rules (append-only, read per tenant by the store).
    const exempt = new Set([
      'tenants',
      'users',
      'user_groups',
      'group_members',
      'access_tokens',
      'custom_roles',
      'role_bindings',
      'audit_log',
    ]);
    const tables = rows.filter((row) => !exempt.has(row.table));
    expect(tables.map((row) => row.table)).toEqual(
      expect.arrayContaining(
        TENANT_TABLES.map((t) => t.table)
          .filter((t) => !exempt.has(t))
          .concat('leases'),
      ),
    );
    for (const row of tables) expect(row, row.table).toMatchObject({ secured: true, forced: true });
    for (const row of tables) expect(row.policies, row.table).toBeGreaterThan(0);
  });

  it('keeps the notification tables to their tenant too, and shows a bare connection none of their rows', async () => {
    const at = new Date().toISOString();
    await asTenant('a', async () => {
      await store.notifications.insertChannel({
        id: 'rls-channel',
        tenant: 'a',
        name: 'hook',
        kind: 'webhook',
        config: { url: 'https://e.com' },
        secretRef: null,
        createdAt: at,
        createdBy: 'tester',
      });
      await store.notifications.insertSubscription({
        id: 'rls-sub',
        tenant: 'a',
        eventType: 'drift.found',
        channelId: 'rls-channel',
        recipient: null,
        environment: null,
        createdAt: at,
        createdBy: 'tester',
      });
      await store.notifications.saveTemplate({ eventType: 'drift.found', subject: 's', body: 'b', updatedAt: at });
      await store.notifications.insertNotifications([
        {
          id: 'rls-n',
          eventType: 'drift.found',
          channelId: 'rls-channel',
          channelKind: 'webhook',
          recipient: null,
          subject: 's',
          body: 'b',
          payload: {},
          status: 'pending',
          createdAt: at,
        },
      ]);
    });
    const { rows } = await raw.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
      [NOTIFICATION_TABLES],
    );
    expect(rows).toHaveLength(NOTIFICATION_TABLES.length);
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    for (const table of NOTIFICATION_TABLES) expect((await raw.query(`SELECT 1 FROM ${table}`)).rowCount, table).toBe(0);
    expect(await asTenant('b', () => store.notifications.notifications())).toEqual([]);
    expect(await asTenant('a', () => store.notifications.notifications())).toHaveLength(1);
  });

  it('keeps a tenant id with quotes and semicolons to that tenant (it is a literal, never SQL)', async () => {
    const odd = "o'neil'); SELECT set_config('nimbus.engine_work', 'on', true); --";
    const made = await asTenant(odd, () => store.topologies.create('quoted'));
    expect((await asTenant(odd, () => store.topologies.list())).map((t) => t.id)).toEqual([made.id]);
    expect((await asTenant('a', () => store.topologies.list())).map((t) => t.id)).not.toContain(made.id);
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
    const client = await raw.connect();
    const variants: [string, string][] = [
      ['bare BEGIN', 'BEGIN'],
      [
        'BEGIN with the engine-wide scope',
        "BEGIN; SELECT set_config('nimbus.tenant', '', true), set_config('nimbus.engine_work', 'on', true)",
      ],
      ['BEGIN with a tenant scope', "BEGIN; SELECT set_config('nimbus.tenant', 'a', true), set_config('nimbus.engine_work', '', true)"],
    ];
    const totals = new Map<string, number>();
    try {
      // Interleaved rounds, so a busy moment of the machine weighs on every variant alike.
      for (let round = 0; round < 5; round++) {
        for (const [label, begin] of variants) {
          const started = process.hrtime.bigint();
          for (let n = 0; n < 100; n++) {
            await client.query(begin);
            await client.query('SELECT count(*) FROM topologies WHERE name = $1', ['office']);
            await client.query('COMMIT');
          }
          totals.set(label, (totals.get(label) ?? 0) + Number(process.hrtime.bigint() - started) / 1e6 / 500);
        }
      }
    } finally {
      client.release();
    }
    console.info(
      `PostgreSQL transaction (BEGIN, one query, COMMIT): ${[...totals].map(([label, ms]) => `${label} ${ms.toFixed(3)} ms`).join(', ')}`,
    );
    // The scope costs no extra round trip: within noise of a bare BEGIN (an extra trip alone would add a third).
    // Loose on purpose: the machine running the tests may be busy.
    expect(totals.get('BEGIN with a tenant scope')!).toBeLessThan(totals.get('bare BEGIN')! * 3);
  });
});

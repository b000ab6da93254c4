import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCli } from '../../cli/capture-cli.js';
import { startSharedServer } from '../../cli/server-start.js';
import { NimbusError } from '../../errors.js';
import { createPgPool } from './pg.js';
import { quietIo } from './test-support/shared-server-setup.js';
import { databaseUrl, testServerUrl, useTestDatabases } from './test-support/test-databases.js';

const run = promisify(execFile);
/** Debian's PostgreSQL client programs, of the same major version as the server. */
const PG_BIN = process.env.NIMBUS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

const databases = useTestDatabases();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function signIn(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL('api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function call<T = Record<string, unknown>>(
  url: string,
  token: string,
  method: string,
  input: unknown = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(`api/v1/${method}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('backing up a shared server with pg_dump and restoring it into a fresh database', () => {
  it('brings back every tenant’s data, with row-level security in force, once the server has its key directory', async () => {
    // A server with data: two tenants, each with a topology, and a user of one of them.
    const source = await databases.empty();
    cleanups.push(() => source.drop());
    const init = await captureCli(['server', 'init', '--database', source.url, '--provider', 'acme', '--admin', 'root']);
    const adminPassword = PASSWORD_LINE.exec(init.out)?.[2];
    expect(adminPassword).toBeTruthy();
    const keyDir = temporaryDir('nimbus-server-data-');
    const first = await startSharedServer({ database: source.url, dataDir: keyDir, port: 0 }, quietIo(), {});
    let beaPassword: string;
    try {
      const root = await signIn(first.url, 'root', adminPassword!);
      const blue = await call<{ id: string }>(first.url, root, 'createTenant', { name: 'blue' });
      expect(blue.status).toBe(200);
      const bea = await call<{ password: string }>(first.url, root, 'createUser', {
        name: 'bea',
        tenant: blue.body.id,
        role: 'tenant-admin',
      });
      beaPassword = bea.body.password;
      const beaToken = await signIn(first.url, 'bea', beaPassword);
      expect((await call(first.url, beaToken, 'createTopology', { name: 'blue-network' })).status).toBe(200);
      expect((await call(first.url, root, 'createTopology', { name: 'acme-network' })).status).toBe(200);
    } finally {
      await first.close();
    }

    // pg_dump as a role that sees every row (the tables force row-level security even on their
    // owner), in the custom format pg_restore reads.
    const work = temporaryDir('nimbus-pg-dump-');
    const dump = path.join(work, 'nimbus.dump');
    const admin = testServerUrl();
    await run(path.join(PG_BIN, 'pg_dump'), ['--format=custom', '--file', dump, '--dbname', databaseUrl(admin, source.name)]);
    expect(statSync(dump).size).toBeGreaterThan(0);
    // The server's key directory is backed up beside the dump: a copy of --data's secret.key.
    const keyBackup = path.join(work, 'key-dir');
    cpSync(keyDir, keyBackup, { recursive: true });
    expect(existsSync(path.join(keyBackup, 'secret.key'))).toBe(true);

    // The original is lost; a fresh database owned by the server's role gets the dump.
    await source.drop();
    const target = await databases.empty();
    cleanups.push(() => target.drop());
    await run(path.join(PG_BIN, 'pg_restore'), [
      '--exit-on-error',
      '--single-transaction',
      '--dbname',
      databaseUrl(admin, target.name),
      dump,
    ]);

    // Without the key directory the server refuses to start: the database's secrets need that key.
    const wrongKey = temporaryDir('nimbus-server-other-');
    const refused = await startSharedServer({ database: target.url, dataDir: wrongKey, port: 0 }, quietIo(), {}).then(
      async (server) => {
        await server.close();
        return null;
      },
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(NimbusError);
    expect((refused as NimbusError).code).toBe('secret_undecryptable');

    // With it, the restored server answers as before: each tenant sees its own data only.
    const restoredKeyDir = temporaryDir('nimbus-server-restored-');
    cpSync(keyBackup, restoredKeyDir, { recursive: true });
    const second = await startSharedServer({ database: target.url, dataDir: restoredKeyDir, port: 0 }, quietIo(), {});
    try {
      const bea = await signIn(second.url, 'bea', beaPassword);
      const blueTopologies = await call<{ name: string }[]>(second.url, bea, 'listTopologies');
      expect(blueTopologies.body.map((topology) => topology.name)).toEqual(['blue-network']);
      const root = await signIn(second.url, 'root', adminPassword!);
      const acmeTopologies = await call<{ name: string }[]>(second.url, root, 'listTopologies');
      expect(acmeTopologies.body.map((topology) => topology.name)).toContain('acme-network');
      const users = await call<{ name: string }[]>(second.url, root, 'listUsers');
      expect(users.body.map((user) => user.name)).toEqual(expect.arrayContaining(['root', 'bea']));
      // Its users are offered no backup of the server's machine: that is pg_dump's, by its administrator.
      const offered = await call<{ code: string }>(second.url, root, 'startBackup', {
        file: path.join(work, 'x'),
        passphrase: 'long enough passphrase',
      });
      expect(offered.body.code).toBe('local_only');
      expect(existsSync(path.join(work, 'x'))).toBe(false);
    } finally {
      await second.close();
    }

    // Row-level security came back with the tables: the server's role without a tenant sees nothing.
    const pool = createPgPool(target.url, { max: 1 });
    try {
      const rows = await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM topologies');
      expect(rows.rows[0]!.count).toBe('0');
      const forced = await pool.query<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relname = 'topologies' AND relrowsecurity AND relforcerowsecurity",
      );
      expect(forced.rows).toHaveLength(1);
    } finally {
      await pool.end();
    }
  }, 240_000);
});

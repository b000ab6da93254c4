import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import pg from 'pg';
import { processesMentioning } from './leftover-processes.js';

/** A `nimbus server start` process on a database of its own, with its first administrator. */
export interface SharedServerProcess {
  url: string;
  admin: { name: string; password: string };
  databaseUrl: string;
  dataDir: string;
  process: ChildProcess;
}

/** Why these specs cannot run here, or null: they need a PostgreSQL server to create databases on. */
export function sharedServerUnavailable(): string | null {
  return process.env.NIMBUS_TEST_DATABASE_URL
    ? null
    : 'NIMBUS_TEST_DATABASE_URL names no PostgreSQL server (scripts/test-all.sh starts one; or export it)';
}

const START_TIMEOUT_MS = 60_000;

/** Runs `nimbus …` until `pattern` shows in its output; resolves to the match (the process keeps running). */
function spawnUntil(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [path.resolve('bin/nimbus.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nimbus ${args[0]} ${args[1]} printed nothing matching ${pattern} within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.exec(output)) reject(new Error(`nimbus ${args[0]} ${args[1]} exited with ${code}:\n${output}`));
    });
  });
}

/** Runs `work` on one connection to the test server's maintenance database. */
async function withAdmin(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the test server, made with `CREATE DATABASE`; `drop` removes it. */
async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.NIMBUS_TEST_DATABASE_URL;
  if (!serverUrl) throw new Error(sharedServerUnavailable() ?? '');
  const name = `nimbus_e2e_${randomBytes(5).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

const dropsByUrl = new Map<string, () => Promise<void>>();

/**
 * Creates a database, prepares it with `nimbus server init` (its administrator `admin` in the
 * provider tenant `provider`) and starts `nimbus server start` on a free port, from the built CLI.
 */
export async function startSharedServer(): Promise<SharedServerProcess> {
  const database = await createDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-e2e-server-'));
  try {
    const init = await spawnUntil(
      ['server', 'init', '--database', database.url],
      /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/,
    );
    await new Promise((resolve) => (init.child.exitCode === null ? init.child.once('exit', resolve) : resolve(undefined)));
    const [, name, password] = init.match;
    const server = await spawnUntil(
      ['server', 'start', '--database', database.url, '--port', '0', '--data', dataDir],
      /Serving (https?:\/\/\S+)/,
    );
    dropsByUrl.set(database.url, database.drop);
    return {
      url: server.match[1]!,
      admin: { name: name!, password: password! },
      databaseUrl: database.url,
      dataDir,
      process: server.child,
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
    throw error;
  }
}

/** Stops the server (SIGTERM, as an operator would), drops its database and removes its data directory. */
export async function stopSharedServer(server: SharedServerProcess): Promise<void> {
  if (server.process.exitCode === null && server.process.signalCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  await dropsByUrl.get(server.databaseUrl)?.();
  dropsByUrl.delete(server.databaseUrl);
  rmSync(server.dataDir, { recursive: true, force: true });
}

/** Processes still running under the server's data directory (none once it stopped). */
export function sharedServerLeftovers(server: SharedServerProcess): number[] {
  return processesMentioning(server.dataDir);
}

/** Signs in over HTTP as a script would (no browser Origin): the session token. */
export async function signInOverHttp(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL('api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (!response.ok || !body.token) throw new Error(`Signing in as ${name} failed (${response.status}): ${body.message}`);
  return body.token;
}

/** Calls one API method over HTTP with a bearer token: the status and the answer. */
export async function callOverHttp<T = Record<string, unknown>>(
  url: string,
  token: string,
  method: string,
  input: unknown = {},
): Promise<{ status: number; body: T & { code?: string; message?: string } }> {
  const response = await fetch(new URL(`api/v1/${method}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as T & { code?: string; message?: string } };
}

/** Signs in on the page's password form (the sign-in page of a shared server) and submits it with Enter. */
export async function signInWithPassword(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-name').fill(name);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-password').press('Enter');
}

/**
 * `nimbus server start --database URL [--host H] [--port N] [--tls-cert F --tls-key F] [--data DIR]`:
 * the shared server. The same engine as the desktop, on the team's PostgreSQL database, with every
 * request authenticated (a session from signing in, or a personal access token) and every call
 * checked against the caller's permissions. Several processes may serve one database; they must
 * share the master key (the data directory's key file, or NIMBUS_MASTER_KEY), which encrypts the
 * secrets they all read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { IdentityService } from '../identity/identity-service.js';
import { openPostgresJobQueue } from '../store/postgres/postgres-job-queue.js';
import { rowSecurityWarning } from '../store/postgres/role-check.js';
import { openPostgresStore } from '../store/postgres/postgres-store-port.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { RunningServer } from '../server/http-server.js';
import { NIMBUS_VERSION } from '../version.js';
import { UsageError, type Io } from './usage-error.js';

/** What `server start` was given on the command line. */
export interface ServerStartOptions {
  database?: string;
  dataDir: string;
  host?: string;
  port: number;
  tls?: { cert: string; key: string };
  /** How often to try a database that does not answer at start, before giving up. */
  connectAttempts?: number;
  /** Jobs this process runs at once (0: it only serves and queues; other processes run them). */
  workers?: number;
}

/** Jobs a server process runs at once unless `--workers` says otherwise. */
export const DEFAULT_WORKERS = 2;

/** A running shared server: its address and how to stop it. */
export interface SharedServer {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

const MASTER_KEY = /^[0-9a-f]{64}$/;

/** The database URL from the option or NIMBUS_DATABASE_URL, checked. */
export function databaseUrl(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = given ?? env.NIMBUS_DATABASE_URL;
  if (!url)
    throw new UsageError('--database URL is required (or set NIMBUS_DATABASE_URL), e.g. postgresql://nimbus:secret@localhost:5432/nimbus');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database must be a postgresql:// URL');
  return url;
}

/**
 * The master key from NIMBUS_MASTER_KEY (64 hex digits), else undefined (the data directory's key
 * file). Every process of one server must use the same key.
 */
function masterKeyFromEnv(env: NodeJS.ProcessEnv): (() => string) | undefined {
  const key = env.NIMBUS_MASTER_KEY?.trim();
  if (key === undefined || key === '') return undefined;
  if (!MASTER_KEY.test(key)) throw new UsageError('NIMBUS_MASTER_KEY must be 64 hexadecimal digits (the content of a Nimbus key file)');
  return () => key;
}

/**
 * Opens the database, waiting for it when it does not answer yet (a server started beside its
 * database): a few attempts with growing pauses, each one reported.
 */
async function openDatabase(url: string, attempts: number, io: Io): Promise<StorePort> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openPostgresStore(url, { actor: 'server' });
    } catch (error) {
      const unreachable = error instanceof Error && /cannot be reached/.test(error.message);
      if (!unreachable || attempt >= attempts) throw error;
      const pause = Math.min(1000 * 2 ** (attempt - 1), 10_000);
      io.err(`nimbus: ${error.message}; trying again in ${pause / 1000} s (attempt ${attempt + 1} of ${attempts})\n`);
      await sleep(pause);
    }
  }
}

/** Starts the shared server; resolves once it listens. */
export async function startSharedServer(options: ServerStartOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<SharedServer> {
  const url = databaseUrl(options.database, env);
  const secretKey = masterKeyFromEnv(env);
  const store = await openDatabase(url, options.connectAttempts ?? 6, io);
  const roleWarning = await rowSecurityWarning(url).catch(() => null);
  if (roleWarning) io.err(`nimbus: warning: ${roleWarning}\n`);
  const identity = new IdentityService(store);
  let jobQueue;
  try {
    jobQueue = await openPostgresJobQueue(url, { workers: options.workers ?? DEFAULT_WORKERS });
  } catch (error) {
    await store.close();
    throw error;
  }
  const [{ createEngine }, { startServer }] = await Promise.all([import('../engine.js'), import('../server/http-server.js')]);
  // Known once the server listens (a free port): the system information asks for it each time.
  const address = { url: '' };
  const engine = await createEngine({
    dataDir: options.dataDir,
    store,
    jobQueue,
    shared: { identity, url: () => address.url },
    recoverOnStart: true,
    // Notifications are sent by the processes that run jobs; `--workers 0` only serves.
    notifications: { deliver: (options.workers ?? DEFAULT_WORKERS) > 0 },
    logToStderr: { level: 'warn', write: io.err },
    ...(secretKey ? { secretKey } : {}),
  });
  let server: RunningServer | undefined;
  try {
    await engine.ready;
    await checkMasterKey(engine);
    server = await startServer({
      engine,
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      authenticate: (token) => identity.authenticate(token),
      passwords: { login: (input) => identity.login(input), logout: (token) => identity.logout(token) },
      healthy: () =>
        store.ping().then(
          () => true,
          () => false,
        ),
    });
  } catch (error) {
    await server?.close();
    await engine.dispose();
    throw error;
  }
  // Named as people write a server's address: no trailing slash.
  address.url = server.url.replace(/\/$/, '');
  const running = server;
  return {
    url: running.url,
    engine,
    async close() {
      await running.close();
      await engine.dispose();
    },
  };
}

/**
 * Refuses to serve with a master key other than the one the database's secrets were encrypted with
 * (a second process started with another data directory): it could read none of them.
 */
async function checkMasterKey(engine: Engine): Promise<void> {
  try {
    await engine.webhookToken();
  } catch (error) {
    if (error instanceof NimbusError && error.code === 'secret_undecryptable') {
      throw new NimbusError(
        'secret_undecryptable',
        "This database's secrets were encrypted with another master key. Start every process of one server with the same key: the same --data directory's secret.key, or NIMBUS_MASTER_KEY set to its content",
      );
    }
    throw error;
  }
}

/** Runs `server start` until SIGINT or SIGTERM; resolves to the exit code. */
export async function serverStart(options: ServerStartOptions, io: Io): Promise<number> {
  const server = await startSharedServer(options, io);
  io.out(`Nimbus ${NIMBUS_VERSION} shared server (database schema version ${server.engine.store.schemaVersion})\n`);
  const workers = options.workers ?? DEFAULT_WORKERS;
  io.out(`Serving ${server.url} (sign in with a user name and password, or a personal access token)\n`);
  io.out(
    workers > 0
      ? `Running up to ${workers} queued job${workers === 1 ? '' : 's'} at once\n`
      : 'Running no jobs here (--workers 0): other processes run them\n',
  );
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(
        () => resolve(0),
        (error: unknown) => {
          io.err(`nimbus: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * A shared server for the sync benchmarks: a fresh database on the bench's PostgreSQL, initialised
 * with an administrator, served by one real `nimbus server start` process, and desktops (engines on
 * their own data directories, in this process) signed in to it through the server link.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../engine/engine.js';
import { createPgPool } from '../../engine/store/postgres/pg.js';
import { openPostgresStore } from '../../engine/store/postgres/postgres-store-port.js';
import { seedServerData, type SeedShape } from '../server/seed-server-data.js';
import { withPostgres } from '../server/bench-postgres.js';
import { runNimbus, startNimbus, type ServerProcess } from '../server/server-processes.js';

/** The administrator every desktop signs in as. */
export const BENCH_USER = 'bench';

/** The running server, its database, and a way to add desktops. */
export interface SharedServerBench {
  url: string;
  databaseUrl: string;
  password: string;
  /** A desktop signed in to the server (disposed with the bench). */
  desktop(): Promise<Engine>;
}

/** Runs `work` against a fresh shared server, then stops the server, the desktops and drops the database. */
export async function withSharedServer<T>(work: (bench: SharedServerBench) => Promise<T>, seed?: SeedShape): Promise<T> {
  return withPostgres(async (serverUrl) => {
    const database = `nimbus_bench_sync_${randomBytes(4).toString('hex')}`;
    const admin = createPgPool(serverUrl, { max: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    const databaseUrl = new URL(serverUrl);
    databaseUrl.pathname = `/${database}`;
    const dirs: string[] = [];
    const dir = (prefix: string) => {
      const made = mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(made);
      return made;
    };
    const desktops: Engine[] = [];
    let server: ServerProcess | undefined;
    try {
      const init = runNimbus(['server', 'init', '--database', databaseUrl.toString(), '--admin', BENCH_USER]);
      const password = new RegExp(`One-time password for ${BENCH_USER} \\(shown once[^)]*\\): (\\S+)`).exec(init)![1]!;
      if (seed) {
        // Written through the store, as the load benchmark seeds its server: the same rows the API would write.
        const store = await openPostgresStore(databaseUrl.toString(), { actor: BENCH_USER });
        try {
          const tenant = (await store.identity.tenants()).find((candidate) => candidate.parent === null)!;
          const user = (await store.identity.userByName(BENCH_USER))!;
          await seedServerData(store, seed, { actor: user.id, tenant: tenant.id });
        } finally {
          await store.close();
        }
      }
      server = await startNimbus(
        ['server', 'start', '--database', databaseUrl.toString(), '--port', '0', '--data', dir('nimbus-bench-sync-server-')],
        /Serving (http:\/\/\S+?) /,
        // The per-token rate limit would pace the desktops' calls; the figures are the sync's, not the limit's.
        { ...process.env, NIMBUS_RATE_LIMIT: '1000000/1000000' },
      );
      const url = server.url;
      return await work({
        url,
        databaseUrl: databaseUrl.toString(),
        password,
        desktop: async () => {
          const engine = await createEngine({ dataDir: dir('nimbus-bench-desktop-'), serverLink: true });
          desktops.push(engine);
          await engine.ready;
          await engine.link!.connect({ url, name: BENCH_USER, password });
          return engine;
        },
      });
    } finally {
      for (const engine of desktops) await engine.dispose();
      await server?.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      for (const made of dirs) rmSync(made, { recursive: true, force: true });
    }
  });
}

/** Calls a method through a desktop's dispatcher (the page's path) and returns its answer, or throws its error. */
export async function call<T>(engine: Engine, method: string, input: unknown): Promise<T> {
  const answer = await engine.dispatcher.dispatch(method, input);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

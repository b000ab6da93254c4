/**
 * Load on the HTTP API: 50 authenticated clients calling the list and get methods of topologies and
 * deployments for a fixed time, against (a) the single-user engine on SQLite (`nimbus serve`), (b) the
 * shared server on PostgreSQL with one process, (c) with two processes on the same database. Each is
 * a real process; the load comes from autocannon in this process. Latencies are every response's
 * own time, so the percentiles are exact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { createEngine } from '../../engine/engine.js';
import { openPostgresStore } from '../../engine/store/postgres/postgres-store-port.js';
import { createPgPool } from '../../engine/store/postgres/pg.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { seedServerData, type SeededIds, type SeedShape } from './seed-server-data.js';
import { runNimbus, startNimbus, type ServerProcess } from './server-processes.js';
import { withPostgres } from './bench-postgres.js';

/** Which server the load is aimed at. */
export type ServerVariant = 'sqlite' | 'postgres-1' | 'postgres-2';

const SHAPE: SeedShape = { topologies: 100, nodesPerTopology: 100, deployments: 1_000 };
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.NIMBUS_BENCH_SERVER_SECONDS ?? 30);
/**
 * The per-token rate limit is lifted for the run: it would cap each client at 20 calls a second and
 * the figure would measure the limit, not the server.
 */
const SERVER_ENV = { ...process.env, NIMBUS_RATE_LIMIT: '1000000/1000000' };

/** Runs the load against one variant; `count` is the requests answered, `ms` the measured span. */
export async function runServerCase(variant: ServerVariant): Promise<CaseOutcome> {
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-bench-server-'));
    dataDirs.push(dir);
    return dir;
  };
  const processes: ServerProcess[] = [];
  try {
    if (variant === 'sqlite') {
      const dir = dataDir();
      const engine = await createEngine({ dataDir: dir });
      const ids = await seedServerData(engine.store, SHAPE, { actor: 'local-user', tenant: engine.owner.tenant });
      await engine.dispose();
      const serve = await startNimbus(['serve', '--port', '0', '--data', dir], /Sign in this browser: (http:\/\/\S+?)\?token=/, SERVER_ENV);
      processes.push(serve);
      // The single-user engine has one token, its owner's: every client presents it.
      const token = /\?token=(\S+)/.exec(serve.output())![1]!;
      return await load([serve.url], [token], ids);
    }
    return await withPostgres(async (serverUrl) => {
      const database = `nimbus_bench_${randomBytes(4).toString('hex')}`;
      const admin = createPgPool(serverUrl, { max: 1 });
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      try {
        const init = runNimbus(['server', 'init', '--database', url.toString(), '--admin', 'bench']);
        const password = /One-time password for bench \(shown once[^)]*\): (\S+)/.exec(init)![1]!;
        const store = await openPostgresStore(url.toString(), { actor: 'bench' });
        let ids: SeededIds;
        try {
          const tenant = (await store.identity.tenants()).find((candidate) => candidate.parent === null)!;
          const user = (await store.identity.userByName('bench'))!;
          ids = await seedServerData(store, SHAPE, { actor: user.id, tenant: tenant.id });
        } finally {
          await store.close();
        }
        const dir = dataDir();
        const count = variant === 'postgres-2' ? 2 : 1;
        for (let index = 0; index < count; index += 1) {
          processes.push(
            await startNimbus(
              ['server', 'start', '--database', url.toString(), '--port', '0', '--data', dir],
              /Serving (http:\/\/\S+?) /,
              SERVER_ENV,
            ),
          );
        }
        // One session per client, as 50 people signed in would have.
        const tokens: string[] = [];
        for (let index = 0; index < CONNECTIONS; index += 1) tokens.push(await signIn(processes[0]!.url, 'bench', password));
        return await load(
          processes.map((server) => server.url),
          tokens,
          ids,
        );
      } finally {
        for (const server of processes.splice(0)) await server.stop();
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      }
    });
  } finally {
    for (const server of processes) await server.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function signIn(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL('api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (!response.ok) throw new Error(`signing in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * The calls of the load, in turn on every connection: list and get of topologies and deployments.
 * Each connection is one client with its own token (autocannon gives each connection its own context).
 */
function requests(ids: SeededIds, tokens: string[]): autocannon.Request[] {
  let turn = 0;
  let clients = 0;
  const pick = (list: string[]) => list[(turn += 7919) % list.length]!;
  const signed = (context: { token?: string }, request: autocannon.Request, input: unknown): autocannon.Request => {
    context.token ??= tokens[clients++ % tokens.length]!;
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${context.token}` }, body: JSON.stringify(input) };
  };
  const call = (method: string, input: () => unknown): autocannon.Request => ({
    method: 'POST',
    path: `/api/v1/${method}`,
    headers: { 'content-type': 'application/json' },
    setupRequest: (request, context) => signed(context as { token?: string }, request, input()),
  });
  return [
    call('listTopologies', () => ({})),
    call('getTopology', () => ({ id: pick(ids.topologies) })),
    call('listDeployments', () => ({ topology: pick(ids.topologies) })),
    call('getDeployment', () => ({ id: pick(ids.deployments) })),
  ];
}

async function load(urls: string[], tokens: string[], ids: SeededIds): Promise<CaseOutcome> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const options = {
    // autocannon spreads the connections over several addresses in turn (its types say one).
    url: (urls.length === 1 ? urls[0]! : urls) as string,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: requests(ids, tokens),
  };
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error as Error) : resolve(finished)));
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0;
  const ok = statuses.get(200) ?? 0;
  const refused = [...statuses].filter(([status]) => status !== 200);
  return {
    count: latencies.length,
    ms,
    digest: digest([SHAPE.topologies, SHAPE.deployments]),
    checks: [
      `${ok.toLocaleString('en-US')} answered 200${refused.length ? `, ${refused.map(([status, count]) => `${count} × ${status}`).join(', ')}` : ''}`,
      `${result.errors} connection errors, ${result.timeouts} timeouts`,
    ],
    parts: {
      rps: (latencies.length / ms) * 1000,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: latencies.at(-1) ?? 0,
      non200: latencies.length - ok,
    },
  };
}

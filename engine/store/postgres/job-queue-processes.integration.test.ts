import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../../api/schemas/deployments.js';
import type { JobEvent } from '../../api/schemas/jobs.js';
import type { TopologyDocument } from '../../api/schemas/topology.js';
import { isAlive, killAll, processesMentioning } from '../../components/builtin/local/processes.js';
import { createEngine, type Engine } from '../../engine.js';
import { expectNothingLeft, takeResourceSnapshot } from '../../test-support/leak-check.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import { parseTopologyFile } from '../../topology/topology-file.js';
import { createPgPool } from './pg.js';
import { openPostgresJobQueue } from './postgres-job-queue.js';
import { openPostgresStore } from './postgres-store-port.js';
import { startServer, type ServerProcess } from './test-support/server-process.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

// Several real server processes (child Node processes, each an engine on the PostgreSQL store and
// job queue with its own workers) share one database and one data directory (the Pulumi backend
// and the local provider's objects), and real Pulumi deploys run through the queue.
const databases = useTestDatabases();
const SECRET = 'ef'.repeat(32);
const temps: ReturnType<typeof tempDir>[] = [];

afterAll(async () => {
  // The local provider's machines run outside this process tree: end any a failed test left.
  for (const temp of temps) {
    await killAll(processesMentioning(temp.dir));
    temp.remove();
  }
});

/** The serving process of the test itself (no workers): sets the server up and follows every job's events. */
async function frontEngine(url: string, dataDir: string): Promise<{ engine: Engine; heard: JobEvent[] }> {
  const engine = await createEngine({
    dataDir,
    secretKey: () => SECRET,
    store: await openPostgresStore(url),
    jobQueue: await openPostgresJobQueue(url, { workers: 0 }),
  });
  await engine.ready;
  const heard: JobEvent[] = [];
  engine.onJobEvent((event) => heard.push(event));
  return { engine, heard };
}

async function call(engine: Engine, method: string, input: unknown): Promise<unknown> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

/** One query on the test database. */
async function query<R>(database: TestDatabase, text: string, values: unknown[] = []): Promise<R[]> {
  const pool = createPgPool(database.url, { max: 1 });
  try {
    return (await pool.query(text, values)).rows as R[];
  } finally {
    await pool.end();
  }
}

/** The checkpoints of the shared Pulumi state backend, parsed. */
function checkpoints(dataDir: string): { pending_operations?: { type: string; resource: { type: string } }[] }[] {
  const dir = path.join(dataDir, 'pulumi', 'state');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && entry.parentPath.includes(`${path.sep}stacks`))
    .flatMap((entry) => {
      try {
        const parsed = JSON.parse(readFileSync(path.join(entry.parentPath, entry.name), 'utf8')) as {
          checkpoint?: { latest?: { pending_operations?: { type: string; resource: { type: string } }[] } };
        };
        return [parsed.checkpoint?.latest ?? {}];
      } catch {
        return []; // being written
      }
    });
}

/** Every job's events as one process heard them: numbered 1…n, each once. */
function expectWholeStreams(heard: JobEvent[], jobIds: string[]): void {
  for (const id of jobIds) {
    const seqs = heard.filter((event) => event.jobId === id).map((event) => event.seq);
    expect(seqs.length, `events of job ${id}`).toBeGreaterThan(1);
    expect(seqs, `events of job ${id}`).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1));
  }
}

const SMALL: TopologyDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'net', component: 'local-network@1', position: { x: 0, y: 0 }, params: {} },
    { id: 'disk', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 1 } },
  ],
  wires: [],
};

const CRASH = parseTopologyFile(
  `kind: Topology
version: 1
name: crash
nodes:
  - { id: net, label: net, component: local-network@1, position: { x: 0, y: 0 } }
  - { id: disk, label: disk, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 8 } }
  - { id: vm, label: vm, component: local-vm@1, position: { x: 0, y: 0 }, params: { memory_mb: 256 } }
  - { id: dns, label: dns, component: local-dns@1, position: { x: 0, y: 0 } }
wires:
  - { id: w1, source: { node: net, port: network_id }, target: { node: vm, port: network_id } }
  - { id: w2, source: { node: vm, port: name }, target: { node: dns, port: hostname } }
  - { id: w3, source: { node: vm, port: ip_address }, target: { node: dns, port: ip_address } }
`,
  'crash.yaml',
).document;

/** A landing zone with a pool and the given environments. */
async function setUp(engine: Engine, environments: string[]): Promise<void> {
  await call(engine, 'createIpamPool', { name: 'lab', cidr: '10.66.0.0/16' });
  await call(engine, 'createLandingZone', { name: 'local-zone', provider: 'local', resolverConfig: { ipam: { pool: 'lab' } } });
  for (const name of environments) await call(engine, 'createEnvironment', { name, landingZone: 'local-zone' });
}

describe('jobs on several server processes', () => {
  it('runs 10 topology deploys queued at once on two processes: each finishes, exactly once', { timeout: 600_000 }, async () => {
    const database = await databases.migrated();
    const temp = tempDir('nimbus-queue-');
    temps.push(temp);
    const before = takeResourceSnapshot();
    const environments = Array.from({ length: 10 }, (_, index) => `env-${index}`);
    const { engine: front, heard } = await frontEngine(database.url, temp.dir);
    const servers: ServerProcess[] = [];
    try {
      await setUp(front, environments);
      servers.push(
        ...(await Promise.all([startServer(database.url, temp.dir, 2, SECRET), startServer(database.url, temp.dir, 2, SECRET)])),
      );

      const started = performance.now();
      // Five deploys asked of each process, all at once.
      const jobIds = (await Promise.all(
        environments.map((environment, index) =>
          servers[index % 2]!.call('startDeployment', { environment, name: `app-${index}`, document: SMALL }),
        ),
      )) as { jobId: string }[];
      const jobs = await Promise.all(jobIds.map(({ jobId }) => front.jobs.settled(jobId)));
      const seconds = (performance.now() - started) / 1000;
      console.log(`10 queued topology deploys on 2 processes × 2 workers: ${seconds.toFixed(1)} s`);

      for (const job of jobs) expect(job, JSON.stringify(job.error)).toMatchObject({ status: 'succeeded', error: null });
      // Each ran once: one claim, one start, and one Pulumi up per component.
      const claims = await query<{ job_id: string; instance: string }>(database, 'SELECT job_id, instance FROM job_claims');
      const ids = jobIds.map(({ jobId }) => jobId);
      expect(claims.filter((claim) => ids.includes(claim.job_id))).toHaveLength(10);
      const instances = new Set(claims.filter((claim) => ids.includes(claim.job_id)).map((claim) => claim.instance));
      expect(instances).toEqual(new Set(servers.map((server) => server.instance)));
      for (const id of ids) expect((await front.jobs.events(id)).filter((event) => event.type === 'job.started')).toHaveLength(1);
      const records = await front.store.deployments.list();
      expect(records).toHaveLength(20);
      for (const record of records) {
        expect(record.status).toBe('deployed');
        expect((await front.store.journal.journal(record.id)).filter((entry) => entry.operation === 'up')).toHaveLength(1);
      }
      for (const job of jobs) expect((job.result as DeploymentRun).nodes.map((node) => node.outcome)).toEqual(['created', 'created']);
      // The serving process, which ran none of them, heard every event of every job, in order, once.
      await until(
        () => ids.every((id) => heard.some((event) => event.jobId === id && event.type === 'job.finished')),
        'every job’s end is heard',
      );
      expectWholeStreams(heard, ids);
      // pg-boss has nothing left active or waiting.
      expect(
        await query(database, "SELECT state, count(*)::int AS count FROM pgboss.job WHERE name = 'nimbus-jobs' GROUP BY state"),
      ).toEqual([{ state: 'completed', count: 10 }]);
      expect(await front.store.journal.locks()).toEqual([]);
    } finally {
      for (const server of servers) expect(await server.stop()).toEqual({ code: 0, signal: null });
      await front.dispose();
    }
    await expectNothingLeft(before, 'Two server processes and a serving engine');
    await database.drop();
  });

  it(
    'recovers a deploy whose worker was killed with SIGKILL and finishes it on another worker, once, with nothing lost or leaked',
    { timeout: 600_000 },
    async () => {
      const database = await databases.migrated();
      const temp = tempDir('nimbus-queue-');
      temps.push(temp);
      const before = takeResourceSnapshot();
      const { engine: front, heard } = await frontEngine(database.url, temp.dir);
      const servers: ServerProcess[] = [];
      try {
        await setUp(front, ['crash']);
        // Three worker processes: one is killed, the other two both look for orphans.
        servers.push(
          ...(await Promise.all([
            startServer(database.url, temp.dir, 1, SECRET),
            startServer(database.url, temp.dir, 1, SECRET),
            startServer(database.url, temp.dir, 1, SECRET),
          ])),
        );
        const { jobId } = (await call(front, 'startDeployment', { environment: 'crash', name: 'crash', document: CRASH })) as {
          jobId: string;
        };
        // Killed while Pulumi creates the machine: the engine said so, and the checkpoint records it as pending.
        await until(
          () =>
            heard.some(
              (event) =>
                event.jobId === jobId &&
                event.type === 'resource.started' &&
                event.nodeId === 'vm' &&
                event.operation === 'create' &&
                event.resourceType.includes('Machine'),
            ),
          'the machine is being created',
          { timeoutMs: 240_000, intervalMs: 20 },
        );
        await until(
          () =>
            checkpoints(temp.dir).some((latest) =>
              (latest.pending_operations ?? []).some((op) => op.type === 'creating' && op.resource.type.includes('Machine')),
            ),
          'the checkpoint records the machine create as pending',
          { timeoutMs: 30_000, intervalMs: 5 },
        );
        const [claim] = await query<{ instance: string }>(database, 'SELECT instance FROM job_claims WHERE job_id = $1', [jobId]);
        const victim = servers.find((server) => server.instance === claim!.instance)!;
        victim.child.kill('SIGKILL');
        const killedAt = performance.now();
        expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
        const survivors = servers.filter((server) => server !== victim);

        // Another worker recovers its work and continues it, under the same job, to the end.
        await until(
          async () =>
            (await front.jobs.list()).some((candidate) => candidate.kind === 'deploy.reconcile' && candidate.status !== 'running'),
          'another worker recovers the job',
          { timeoutMs: 180_000, intervalMs: 100 },
        );
        const recoveredIn = (performance.now() - killedAt) / 1000;
        await until(async () => (await front.jobs.get(jobId)).status !== 'running', 'the continued job ends', {
          timeoutMs: 300_000,
          intervalMs: 200,
        });
        console.log(
          `A deploy whose worker was killed with SIGKILL: recovered by another worker in ${recoveredIn.toFixed(1)} s, finished ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
        );
        const job = await front.jobs.settled(jobId);
        expect(job, JSON.stringify(job.error)).toMatchObject({ status: 'succeeded', error: null });
        expect(Object.fromEntries((job.result as DeploymentRun).nodes.map((node) => [node.nodeId, node.outcome]))).toMatchObject({
          net: 'unchanged',
          vm: 'created',
          dns: 'created',
        });
        const [claimed] = await query<{ instance: string; recovered_by: string }>(
          database,
          'SELECT instance, recovered_by FROM job_claims WHERE job_id = $1',
          [jobId],
        );
        expect(survivors.map((server) => server.instance)).toContain(claimed!.recovered_by);
        expect(claimed!.instance).toBe(claimed!.recovered_by);
        // Exactly once: one recovery job, by that worker, and it succeeded.
        const recoveries = (await front.jobs.list()).filter((candidate) => candidate.kind === 'deploy.reconcile');
        expect(recoveries).toHaveLength(1);
        const recovery = await front.jobs.settled(recoveries[0]!.id);
        expect(recovery.status).toBe('succeeded');
        const [recoveryClaim] = await query<{ instance: string }>(database, 'SELECT instance FROM job_claims WHERE job_id = $1', [
          recovery.id,
        ]);
        expect(recoveryClaim!.instance).toBe(claimed!.recovered_by);
        const report = recovery.result as { deployments: { label: string; action: string; pendingOperations: number }[] };
        expect(report.deployments.find((entry) => entry.label === 'vm')).toMatchObject({ action: 'rolled-back' });
        // (The create Pulumi recorded as pending before the kill may have been finished by the killed run's
        // own Pulumi CLI before recovery stopped it; either way no pending operation is left, checked below.)
        // One job, started once, its stream going on through the recovery, heard in order by the serving process.
        const events = await front.jobs.events(jobId);
        expect(events.filter((event) => event.type === 'job.started')).toHaveLength(1);
        expect(events.some((event) => event.type === 'job.log' && /work was recovered and the job continues/.test(event.message))).toBe(
          true,
        );
        expect(events.at(-1)).toMatchObject({ type: 'job.finished', status: 'succeeded' });
        await until(() => heard.some((event) => event.jobId === jobId && event.type === 'job.finished'), 'the job’s end is heard');
        expectWholeStreams(heard, [jobId]);

        // Nothing lost: every record says what is true. Nothing leaked: no lock, no open journal row,
        // no pending Pulumi operation, one machine (the rolled-back one is gone), no Pulumi process,
        // no allocation of anything not deployed.
        expect(await front.store.journal.unfinishedJournal()).toEqual([]);
        expect(await front.store.journal.locks()).toEqual([]);
        const records = await front.store.deployments.list({ environment: 'crash' });
        expect(records.map((record) => record.status)).toEqual(['deployed', 'deployed', 'deployed', 'deployed']);
        const byNode = Object.fromEntries(records.map((record) => [record.nodeId, record]));
        // The machine was created twice: by the killed run (rolled back) and by the continuation; never by two workers at once.
        expect((await front.store.journal.journal(byNode.vm!.id)).map((entry) => entry.operation).filter((op) => op === 'up')).toHaveLength(
          2,
        );
        expect(checkpoints(temp.dir).flatMap((latest) => latest.pending_operations ?? [])).toEqual([]);
        const machines = path.join(temp.dir, 'local', 'crash', 'machines');
        expect(existsSync(machines) ? readdirSync(machines) : []).toHaveLength(1);
        expect(processesMentioning(path.join(temp.dir, 'work')).filter(isAlive)).toEqual([]);
        // Allocations belong to deployed components only (not every component allocates), the machine's among them.
        const owners = await front.store.deployments.allocationOwners();
        expect(owners.filter((owner) => !records.some((record) => owner === `deployment:${record.id}`))).toEqual([]);
        expect(owners).toContain(`deployment:${byNode.vm!.id}`);
        // One address per machine: the rolled-back machine's address was released, not kept beside the new one's.
        expect(await front.store.ipam.liveByOwner(`deployment:${byNode.vm!.id}`)).toHaveLength(1);
        expect(
          await query(
            database,
            "SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'nimbus-jobs' AND state IN ('created', 'active', 'retry')",
          ),
        ).toEqual([{ count: 0 }]);

        // Destroyed cleanly through the queue.
        const destroyed = (await call(front, 'startTopologyDestroy', { environment: 'crash', topology: 'crash' })) as { jobId: string };
        expect((await front.jobs.settled(destroyed.jobId)).error).toBeNull();
        expect(await front.store.deployments.allocationOwners()).toEqual([]);
        expect(existsSync(machines) ? readdirSync(machines) : []).toEqual([]);
        expect(processesMentioning(machines).filter(isAlive)).toEqual([]);

        for (const server of survivors) expect(await server.stop()).toEqual({ code: 0, signal: null });
      } finally {
        for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
        await front.dispose();
      }
      await expectNothingLeft(before, 'Three server processes and a serving engine');
      await database.drop();
    },
  );
});

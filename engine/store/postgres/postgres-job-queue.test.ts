import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../api/schemas/jobs.js';
import { currentRequest, runInRequest } from '../../context/request-context.js';
import { createEngine, type Engine } from '../../engine.js';
import { JobCancelledError } from '../../jobs/job-manager.js';
import { expectNothingLeft, takeResourceSnapshot } from '../../test-support/leak-check.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import { createPgPool } from './pg.js';
import { openPostgresJobQueue } from './postgres-job-queue.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const secretKey = () => 'cd'.repeat(32);

/** The runners both engines know: a job of steps, and one that waits until it is cancelled. */
function registerTestRunners(engine: Engine, ran: string[]): void {
  engine.jobs.register<{ steps: number }>('test.steps', async ({ steps }, context) => {
    ran.push(context.jobId);
    for (let step = 1; step <= steps; step += 1) context.log(`step ${step}`);
    return { steps, actor: currentRequest()?.actor ?? null, tenant: currentRequest()?.tenant ?? null };
  });
  engine.jobs.register('test.wait', async (_payload, context) => {
    ran.push(context.jobId);
    context.log('waiting');
    await new Promise((_resolve, reject) =>
      context.signal.addEventListener('abort', () => reject(new JobCancelledError()), { once: true }),
    );
  });
}

/** Two engines (processes of one server) on one database: `front` only serves, `worker` runs jobs. */
async function twoEngines(url: string, dir: string, workers = 1, recoveryIntervalMs = 300) {
  const ran: string[] = [];
  const open = async (name: string, count: number) => {
    const engine = await createEngine({
      dataDir: path.join(dir, name),
      secretKey,
      store: await openPostgresStore(url),
      jobQueue: await openPostgresJobQueue(url, { workers: count, pollingIntervalSeconds: 0.5, recoveryIntervalMs }),
    });
    registerTestRunners(engine, ran);
    await engine.ready;
    return engine;
  };
  const front = await open('front', 0);
  const worker = workers > 0 ? await open('worker', workers) : undefined;
  return { front, worker, ran, open };
}

describe('the job queue on PostgreSQL', () => {
  it('runs a job queued by a serving process on a worker process, in the caller’s request context, and streams its events to both once and in order', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const before = takeResourceSnapshot();
    const { front, worker, ran } = await twoEngines(database.url, temp.dir);
    try {
      const heard: JobEvent[] = [];
      front.onJobEvent((event) => heard.push(event));
      const job = await runInRequest({ requestId: 'r-1', actor: 'alice', tenant: 'default', clientAddress: null }, () =>
        front.jobs.submit({ kind: 'test.steps', title: 'Steps', payload: { steps: 5 } }),
      );
      const done = await front.jobs.settled(job.id);
      expect(done).toMatchObject({ status: 'succeeded', result: { steps: 5, actor: 'alice', tenant: 'default' } });
      // It ran once, on the worker.
      expect(ran).toEqual([job.id]);
      expect(worker!.jobs.runningCount()).toBe(0);
      const claims = createPgPool(database.url, { max: 1 });
      try {
        const rows = (await claims.query('SELECT instance FROM job_claims WHERE job_id = $1', [job.id])).rows;
        expect(rows).toEqual([{ instance: worker!.jobs.queue.instanceId }]);
      } finally {
        await claims.end();
      }
      // The serving process heard every event of the job, in order, once each.
      await until(() => heard.some((event) => event.type === 'job.finished'), 'the front process heard the job finish');
      const seqs = heard.filter((event) => event.jobId === job.id).map((event) => event.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(heard.map((event) => event.type)).toEqual(['job.started', ...Array(5).fill('job.log'), 'job.finished']);
      expect(await front.jobs.events(job.id)).toEqual(heard);
    } finally {
      await worker?.dispose();
      await front.dispose();
      temp.remove();
    }
    // Checked before the database is dropped (the test server's own pool then wakes).
    await expectNothingLeft(before, 'Two engines on the PostgreSQL job queue');
    await database.drop();
  });

  it('cancels a job running in another process, and a queued job before any worker runs it', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const before = takeResourceSnapshot();
    const { front, ran, open } = await twoEngines(database.url, temp.dir, 0);
    let worker: Engine | undefined;
    try {
      // Nobody works yet: the job waits in the queue, and is cancelled there.
      const queued = await front.jobs.submit({ kind: 'test.wait', title: 'Queued', payload: {} });
      expect((await front.jobs.cancel(queued.id)).status).toBe('running');
      worker = await open('worker', 1);
      expect(await front.jobs.settled(queued.id)).toMatchObject({ status: 'cancelled' });
      expect(ran).toEqual([]);

      const running = await front.jobs.submit({ kind: 'test.wait', title: 'Waits', payload: {} });
      await until(() => worker!.jobs.isRunning(running.id), 'the worker runs the job');
      await front.jobs.cancel(running.id);
      expect(await front.jobs.settled(running.id)).toMatchObject({ status: 'cancelled', error: null });
      expect(ran).toEqual([running.id]);
    } finally {
      await worker?.dispose();
      await front.dispose();
      temp.remove();
    }
    // Checked before the database is dropped (the test server's own pool then wakes).
    await expectNothingLeft(before, 'Two engines on the PostgreSQL job queue');
    await database.drop();
  });

  it('ends a job whose process is gone as interrupted, once, though two workers look for orphans', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const before = takeResourceSnapshot();
    // Their own rounds are far apart: the test makes both look at the same moment.
    const { front, worker, ran, open } = await twoEngines(database.url, temp.dir, 1, 60_000);
    const second = await open('second', 1);
    const pool = createPgPool(database.url, { max: 1 });
    const id = randomUUID();
    try {
      // A job a process claimed and then died holding: running, claimed, and nobody holds its lock.
      // (Written as the engine's own work, which row-level security lets write; it belongs to the local tenant.)
      await pool.query("SELECT set_config('nimbus.engine_work', 'on', false)");
      await pool.query(
        `INSERT INTO jobs (id, kind, title, status, created_at, pid) VALUES ($1, 'test.wait', 'Orphan', 'running', now(), 1)`,
        [id],
      );
      await pool.query('INSERT INTO job_events (job_id, seq, at, body) VALUES ($1, 1, now(), $2::jsonb)', [
        id,
        JSON.stringify({ type: 'job.started', kind: 'test.wait', title: 'Orphan' }),
      ]);
      await pool.query(`INSERT INTO job_claims (job_id, instance, claimed_at) VALUES ($1, 'gone', now())`, [id]);
      await Promise.all([worker!.jobs.recoverOrphansNow(), second.jobs.recoverOrphansNow()]);
      const done = await until(
        async () => {
          const job = await front.jobs.get(id);
          return job.status === 'running' ? undefined : job;
        },
        'a worker recovers the orphan',
        { timeoutMs: 20_000, intervalMs: 50 },
      );
      expect(done).toMatchObject({ status: 'interrupted', error: { code: 'interrupted' } });
      const events = await front.jobs.events(id);
      expect(events.map((event) => [event.seq, event.type])).toEqual([
        [1, 'job.started'],
        [2, 'job.log'],
        [3, 'job.finished'],
      ]);
      const [claim] = (await pool.query('SELECT recovered_by FROM job_claims WHERE job_id = $1', [id])).rows as { recovered_by: string }[];
      expect([worker!.jobs.queue.instanceId, second.jobs.queue.instanceId]).toContain(claim!.recovered_by);
      // Recovered once, by one of the two; not run again (it was not queued work that can be).
      await until(async () => (await front.jobs.list()).every((job) => job.status !== 'running'), 'the recovery has ended');
      expect((await front.jobs.list()).filter((job) => job.kind === 'deploy.reconcile')).toHaveLength(1);
      expect(ran).toEqual([]);
    } finally {
      await pool.end();
      await second.dispose();
      await worker?.dispose();
      await front.dispose();
      temp.remove();
    }
    await expectNothingLeft(before, 'Three engines on the PostgreSQL job queue');
    await database.drop();
  });

  it('refuses a job no runner is registered for, and a negative number of workers', async () => {
    const database = await databases.migrated();
    await expect(openPostgresJobQueue(database.url, { workers: -1 })).rejects.toThrow(/whole number/);
    const temp = tempDir();
    const { front } = await twoEngines(database.url, temp.dir, 0);
    try {
      await expect(front.jobs.submit({ kind: 'no.such', title: 'Nothing', payload: {} })).rejects.toMatchObject({
        code: 'unknown_job_runner',
      });
    } finally {
      await front.dispose();
      temp.remove();
      await database.drop();
    }
  });
});

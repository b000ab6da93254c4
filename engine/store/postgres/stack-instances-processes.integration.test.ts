import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../api/authorization.js';
import { permissionAuthorizer } from '../../api/authorization.js';
import { PERMISSIONS } from '../../common/permissions.js';
import { createEngine, type Engine } from '../../engine.js';
import { IdentityService } from '../../identity/identity-service.js';
import { activeInstance, markCount, markingStack } from '../../stacks/__fixtures__/marking-stack.js';
import { expectNothingLeft, takeResourceSnapshot } from '../../test-support/leak-check.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import { createPgPool } from './pg.js';
import { openPostgresJobQueue } from './postgres-job-queue.js';
import { openPostgresStore } from './postgres-store-port.js';
import { startServer } from './test-support/server-process.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

// Stack instances on the shared server: several engines (in this process, and real server processes
// started as children) on one PostgreSQL database take each instance's transitions once, and run its
// workflows as queued jobs on whichever worker claims them, even when that worker is killed.
const databases = useTestDatabases();
const SECRET = 'cd'.repeat(32);
const temps: ReturnType<typeof tempDir>[] = [];

afterAll(() => {
  for (const temp of temps) temp.remove();
});

async function serverEngine(url: string, dataDir: string, workers: number): Promise<Engine> {
  const engine = await createEngine({
    dataDir,
    secretKey: () => SECRET,
    store: await openPostgresStore(url),
    jobQueue: await openPostgresJobQueue(url, { workers, recoveryIntervalMs: 500, pollingIntervalSeconds: 0.5 }),
    recoverOnStart: true,
  });
  await engine.ready;
  return engine;
}

async function call(engine: Engine, method: string, input: unknown): Promise<unknown> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

async function setUp(engine: Engine, marks: string): Promise<string> {
  await call(engine, 'createLandingZone', { name: 'local-zone', provider: 'local' });
  await call(engine, 'createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await call(engine, 'createStack', { name: 'pausable', document: markingStack(marks) });
  await call(engine, 'publishStack', { name: 'pausable', changelog: 'first' });
  return activeInstance(engine);
}

async function query<R>(database: TestDatabase, text: string, values: unknown[] = []): Promise<R[]> {
  const pool = createPgPool(database.url, { max: 1 });
  try {
    return (await pool.query(text, values)).rows as R[];
  } finally {
    await pool.end();
  }
}

const historyOf = async (engine: Engine, id: string) =>
  (await engine.stackRuntime.history(id)).map((entry) => `${entry.from}>${entry.to}:${entry.trigger}`);

describe('stack instances on several server processes', () => {
  it('takes one transition for triggers sent at once through two engines, and runs an operation once on the other engine’s worker', async () => {
    const database = await databases.migrated();
    const temp = tempDir('nimbus-stacks-');
    temps.push(temp);
    const marks = path.join(temp.dir, 'marks.txt');
    const before = takeResourceSnapshot();
    // One engine only serves; the other has the only worker.
    const serving = await serverEngine(database.url, temp.dir, 0);
    const working = await serverEngine(database.url, temp.dir, 1);
    try {
      const id = await setUp(serving, marks);
      const engines = [serving, working];
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => engines[i % 2]!.stackRuntime.send(id, { type: 'pause' }, `pause ${i}`)),
      );
      expect(outcomes.filter((outcome) => outcome.to === 'paused')).toHaveLength(1);
      expect(new Set(outcomes.filter((outcome) => outcome.to === null).map((outcome) => outcome.note))).toEqual(
        new Set(['not taken: pause is not accepted in state paused']),
      );
      expect(await historyOf(working, id)).toEqual(['active>paused:pause']);
      await serving.stackRuntime.send(id, { type: 'resume' }, 'resume');

      // Asked of the serving engine, the operation is queued and run by the other engine's worker. It
      // waits 3 s after its mark, so that it still runs when asked again, however loaded the machine.
      const started = (await call(serving, 'runStackOperation', { id, operation: 'mark-slowly' })) as { activity: { jobId: string } };
      // Asked again at once of either engine: refused, the instance runs a workflow.
      const again = await working.dispatcher.dispatch('runStackOperation', { id, operation: 'mark' });
      expect(again).toMatchObject({ ok: false, error: { code: 'stack_instance_busy' } });
      const done = await serving.stackRuntime.idle(id, 60_000);
      expect(done).toMatchObject({ state: 'active', lastError: null });
      expect(markCount(marks)).toBe(1);
      expect(await historyOf(serving, id)).toEqual([
        'active>paused:pause',
        'paused>active:resume',
        'active>active:operation mark-slowly',
        'active>active:marked',
      ]);
      const [claim] = await query<{ instance: string }>(database, 'SELECT instance FROM job_claims WHERE job_id = $1', [
        started.activity.jobId,
      ]);
      expect(claim?.instance).toBe(working.jobs.queue.instanceId);
      expect(await serving.jobs.get(started.activity.jobId)).toMatchObject({ kind: 'stack.operation', status: 'succeeded' });
    } finally {
      await working.dispose();
      await serving.dispose();
    }
    await expectNothingLeft(before, 'Two engines on one database');
    await database.drop();
  }, 120_000);

  it('continues an operation whose worker was killed with SIGKILL on another worker, moving the instance on once', async () => {
    const database = await databases.migrated();
    const temp = tempDir('nimbus-stacks-');
    temps.push(temp);
    const marks = path.join(temp.dir, 'marks.txt');
    const serving = await serverEngine(database.url, temp.dir, 0);
    const workers = [await startServer(database.url, temp.dir, 1, SECRET), await startServer(database.url, temp.dir, 1, SECRET)];
    try {
      const id = await setUp(serving, marks);
      const started = (await call(serving, 'runStackOperation', { id, operation: 'mark-slowly' })) as { activity: { jobId: string } };
      const jobId = started.activity.jobId;
      await until(() => markCount(marks) === 1, 'the first step ran', { timeoutMs: 60_000 });
      const [claim] = await query<{ instance: string }>(database, 'SELECT instance FROM job_claims WHERE job_id = $1', [jobId]);
      const victim = workers.find((worker) => worker.instance === claim!.instance)!;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // The other worker recovers the job and runs the operation again from its start, under the same job.
      const done = await serving.stackRuntime.idle(id, 180_000);
      expect(done).toMatchObject({ state: 'active', lastError: null, lastJob: { jobId } });
      expect(markCount(marks)).toBe(2);
      expect(await historyOf(serving, id)).toEqual(['active>active:operation mark-slowly', 'active>active:marked']);
      expect(await serving.jobs.get(jobId)).toMatchObject({ status: 'succeeded' });
      const survivor = workers.find((worker) => worker !== victim)!;
      const [now] = await query<{ instance: string }>(database, 'SELECT instance FROM job_claims WHERE job_id = $1', [jobId]);
      expect(now?.instance ?? survivor.instance).toBe(survivor.instance);
      // Nothing else runs it again.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(markCount(marks)).toBe(2);
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) await worker.stop();
      await serving.dispose();
    }
    await database.drop();
  }, 300_000);

  it('holds a day-2 operation in a gated environment until another user approves it, then runs it once as its requester', async () => {
    const database = await databases.migrated();
    const temp = tempDir('nimbus-stacks-');
    temps.push(temp);
    const marks = path.join(temp.dir, 'marks.txt');
    const store = await openPostgresStore(database.url);
    const engine = await createEngine({
      dataDir: temp.dir,
      secretKey: () => SECRET,
      store,
      shared: { identity: new IdentityService(store) },
      authorizer: permissionAuthorizer,
      jobQueue: await openPostgresJobQueue(database.url, { workers: 1, recoveryIntervalMs: 500, pollingIntervalSeconds: 0.5 }),
    });
    const person = (id: string): Caller => ({ id, tenant: 'default', permissions: new Set(PERMISSIONS) });
    const as = async (who: string, method: string, input: unknown) => engine.dispatcher.dispatch(method, input, { caller: person(who) });
    const must = async <T>(who: string, method: string, input: unknown): Promise<T> => {
      const outcome = await as(who, method, input);
      if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
      return outcome.result as T;
    };
    try {
      await engine.ready;
      await must('ann', 'createLandingZone', { name: 'local-zone', provider: 'local' });
      await must('ann', 'createEnvironment', { name: 'dev', landingZone: 'local-zone' });
      await must('ann', 'createStack', { name: 'pausable', document: markingStack(marks) });
      await must('ann', 'publishStack', { name: 'pausable', changelog: 'first' });
      const id = await activeInstance(engine);
      await must('ann', 'setApprovalPolicy', { environment: 'dev', actions: ['day2:mark'], required: 1 });

      const asked = await as('ann', 'runStackOperation', { id, operation: 'mark' });
      expect(asked).toMatchObject({ ok: false, error: { code: 'approval_pending' } });
      const requestId = (asked as unknown as { error: { details: { requestId: string } } }).error.details.requestId;
      expect((await engine.stackRuntime.get(id)).status).toBe('idle');
      // Nothing runs while it waits; the requester may not approve their own request.
      expect(await as('ann', 'approveApprovalRequest', { id: requestId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const request = await must<{ plan: { action: string; instance: string } }>('ann', 'getApprovalRequest', { id: requestId });
      expect(request.plan).toMatchObject({ action: 'day2:mark', instance: expect.stringMatching(/^site-/) });

      await must('bob', 'approveApprovalRequest', { id: requestId, comment: 'go ahead' });
      await until(async () => (await engine.stackRuntime.get(id)).lastJob !== null, 'the approved operation starts');
      const done = await engine.stackRuntime.idle(id, 60_000);
      expect(done).toMatchObject({ state: 'active', lastError: null });
      expect(markCount(marks)).toBe(1);
      expect(await historyOf(engine, id)).toEqual(['active>active:operation mark', 'active>active:marked']);
    } finally {
      await engine.dispose();
    }
    await database.drop();
  }, 120_000);
});

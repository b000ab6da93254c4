import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { permissionAuthorizer, type Caller } from '../api/authorization.js';
import type { JobEvent } from '../api/schemas/jobs.js';
import type { Permission } from '../common/permissions.js';
import { runAsTenantWork } from '../context/tenant-scope.js';
import { createEngine, type Engine } from '../engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { JobEventAudience } from './job-event-audience.js';

function caller(id: string, tenant: string, permissions: Permission[] = ['job:read']): Caller {
  return { id, tenant, permissions: new Set(permissions) };
}

describe('who hears a job’s events', () => {
  let temp: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeEach(async () => {
    temp = tempDir();
    engine = await createEngine({ dataDir: temp.dir, authorizer: permissionAuthorizer, secretKey: () => 'ab'.repeat(32) });
    await engine.ready;
  });
  afterEach(async () => {
    await engine.dispose();
    temp.remove();
  });

  it('sends a job’s events only to callers of its tenant who may read jobs, deciding without reading the job', async () => {
    const events: JobEvent[] = [];
    const unsubscribe = engine.jobs.subscribe((event) => events.push(event));
    const job = runAsTenantWork('blue', 'test', () =>
      engine.jobs.start('test', 'Blue job', async (context) => {
        context.logger.info('working');
      }),
    );
    await runAsTenantWork('blue', 'test', () => engine.jobs.settled(job.id));
    unsubscribe();
    expect(events.length).toBeGreaterThanOrEqual(2);

    const get = vi.spyOn(engine.store.jobs, 'get');
    const readEvents = vi.spyOn(engine.store.jobs, 'events');
    const visible = vi.spyOn(engine.store.jobs, 'visible');
    const audience = new JobEventAudience((who, jobId) => engine.mayFollowJob(who, jobId));
    const heard = async (who: Caller, replay: JobEvent[] = events) => {
      const got: JobEvent[] = [];
      const send = audience.forClient(
        () => who,
        (event) => got.push(event),
      );
      for (const event of replay) send(event);
      await audience.mayFollow(who, replay.at(-1)!.jobId);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return got;
    };

    expect(await heard(caller('bea', 'blue'))).toEqual(events);
    expect(await heard(caller('rob', 'red'))).toEqual([]);
    expect(await heard(caller('nia', 'blue', ['topology:read']))).toEqual([]);
    const stranger = events.map((event) => ({ ...event, jobId: 'no-such-job' }));
    expect(await heard(caller('bea', 'blue'), stranger)).toEqual([]);
    // One cheap question per caller and job, however many events; the record and its events are never read.
    expect(visible).toHaveBeenCalledTimes(3);
    expect(get).not.toHaveBeenCalled();
    expect(readEvents).not.toHaveBeenCalled();
    // The answer is the same one getJob gives each of them.
    const getJob = (who: Caller) => engine.dispatcher.dispatch('getJob', { id: job.id }, { caller: who }).then((outcome) => outcome.ok);
    expect([
      await getJob(caller('bea', 'blue')),
      await getJob(caller('rob', 'red')),
      await getJob(caller('nia', 'blue', ['topology:read'])),
    ]).toEqual([true, false, false]);
  });
});

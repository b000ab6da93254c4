import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobEvent } from '../api/schemas/jobs.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { NimbusError } from '../errors.js';
import { createMemoryLogger } from '../logging/memory-logger.js';
import { JobManager } from './job-manager.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('JobManager', () => {
  it('logs a failed job with its code and id, an unexpected one with its stack, and a subscriber that threw', async () => {
    const logger = createMemoryLogger();
    const jobs = new JobManager(store.async.jobs, logger);
    jobs.subscribe((event) => {
      if (event.type === 'job.started') throw new RangeError('subscriber broke');
    });
    const refused = jobs.start('deploy', 'Refused', async () => {
      throw new NimbusError('environment_busy', 'dev is busy');
    });
    const crashed = jobs.start('deploy', 'Crashed', async (context) => {
      context.logger.info('about to crash');
      throw new TypeError('x is undefined');
    });
    await jobs.settled(refused.id);
    await jobs.settled(crashed.id);
    expect(logger.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          code: 'internal',
          message: expect.stringContaining('subscriber broke'),
          context: expect.objectContaining({ jobId: refused.id }),
        }),
        expect.objectContaining({
          level: 'warn',
          code: 'environment_busy',
          message: 'Job Refused failed: dev is busy',
          context: { jobId: refused.id, kind: 'deploy' },
        }),
        expect.objectContaining({ level: 'info', message: 'about to crash', context: { jobId: crashed.id, kind: 'deploy' } }),
        expect.objectContaining({
          level: 'error',
          code: 'internal',
          message: 'Job Crashed failed: x is undefined',
          context: expect.objectContaining({ jobId: crashed.id, stack: expect.stringContaining('TypeError') }),
        }),
      ]),
    );
  });

  it('reads a job as its subscribers last heard of it: finished, with every event, once job.finished was emitted', async () => {
    const jobs = new JobManager(store.async.jobs);
    const reads: Promise<[Job, JobEvent[]]>[] = [];
    // A client that hears an event and asks for the job at once, as the app does on job.finished.
    jobs.subscribe((event) => {
      if (event.type === 'job.started' || event.type === 'job.finished')
        reads.push(Promise.all([jobs.get(event.jobId), jobs.events(event.jobId)]));
    });
    const job = jobs.start('test', 'Quick', async (context) => {
      context.log('one');
      context.log('two');
      return { answer: 42 };
    });
    await jobs.settled(job.id);
    const answers = await Promise.all(reads);
    expect(answers).toHaveLength(2);
    const [started, startEvents] = answers[0]!;
    const [finished, allEvents] = answers[1]!;
    // Read at once after it started: known (not `not_found`), with its first event.
    expect(started.id).toBe(job.id);
    expect(startEvents[0]).toMatchObject({ seq: 1, type: 'job.started' });
    expect(finished).toMatchObject({ status: 'succeeded', result: { answer: 42 } });
    expect(allEvents.map((event) => event.type)).toEqual(['job.started', 'job.log', 'job.log', 'job.finished']);
  });

  it('returns an id at once and streams numbered events to subscribers', async () => {
    const jobs = new JobManager(store.async.jobs);
    const seen: JobEvent[] = [];
    jobs.subscribe((event) => seen.push(event));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = jobs.start('test', 'Two steps', async (context) => {
      context.log('first');
      await gate;
      context.emit({ type: 'job.step', step: 'second', status: 'finished' });
      return { answer: 42 };
    });
    expect(job.status).toBe('running');
    release();
    const finished = await jobs.settled(job.id);
    expect(finished).toMatchObject({ status: 'succeeded', result: { answer: 42 }, error: null });
    expect(seen.map((event) => [event.seq, event.type])).toEqual([
      [1, 'job.started'],
      [2, 'job.log'],
      [3, 'job.step'],
      [4, 'job.finished'],
    ]);
    expect(await jobs.events(job.id)).toEqual(seen);
  });

  it('cancels: the signal fires and the job ends as cancelled', async () => {
    const jobs = new JobManager(store.async.jobs);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const job = jobs.start('test', 'Waits for cancel', (context) => {
      started();
      return new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
    });
    await running;
    await jobs.cancel(job.id);
    const finished = await jobs.settled(job.id);
    expect(finished.status).toBe('cancelled');
    expect((await jobs.events(job.id)).at(-1)).toMatchObject({ type: 'job.finished', status: 'cancelled' });
  });

  it('records a failure with its wire error', async () => {
    const jobs = new JobManager(store.async.jobs);
    const job = jobs.start('test', 'Fails', async () => {
      throw new Error('disk on fire');
    });
    const finished = await jobs.settled(job.id);
    expect(finished.status).toBe('failed');
    expect(finished.error?.message).toContain('disk on fire');
  });

  it('marks jobs left running by a process that is gone as interrupted, not those of a live process', async () => {
    const first = new JobManager(store.async.jobs);
    const live = first.start('test', 'Runs in this live process', () => new Promise(() => {}));
    const orphan = first.start('test', 'Its process died', () => new Promise(() => {}));
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    store.jobs.setPidForTest(orphan.id, dead.pid!);
    // A new manager on the same store stands for the next start of an engine (or a CLI beside it).
    const second = new JobManager(store.async.jobs);
    expect((await second.get(orphan.id)).status).toBe('interrupted');
    expect((await second.get(live.id)).status).toBe('running');
  });

  it("stores a job's writes in order and settles after the last, logging a write that failed instead of losing the job", async () => {
    const logger = createMemoryLogger();
    const port = store.async.jobs;
    const stored: string[] = [];
    const flaky: typeof port = {
      ...port,
      create: async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored.push('create');
        return port.create(job);
      },
      appendEvent: async (event) => {
        if (event.type === 'job.log') throw new Error('disk full');
        stored.push(event.type);
        return port.appendEvent(event);
      },
      finish: async (...args) => {
        stored.push('finish');
        return port.finish(...args);
      },
    };
    const jobs = new JobManager(flaky, logger);
    const job = jobs.start('test', 'Writes', async (context) => {
      context.log('lost');
      return 1;
    });
    const finished = await jobs.settled(job.id);
    expect(finished).toMatchObject({ status: 'succeeded', result: 1 });
    expect(stored).toEqual(['create', 'job.started', 'finish', 'job.finished']);
    expect((await jobs.events(job.id)).map((event) => event.type)).toEqual(['job.started', 'job.finished']);
    expect(logger.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          message: expect.stringContaining('event 2 (job.log) could not be stored'),
          context: expect.objectContaining({ jobId: job.id }),
        }),
      ]),
    );
  });
});

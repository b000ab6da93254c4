import { describe, expect, it, vi } from 'vitest';
import type { Job, JobEvent, JobStatus } from '../../../engine/api/contract';
import { JobTracker, type JobApi, type JobSnapshot } from './job-tracker';

const at = '2026-01-01T00:00:00Z';

/** An engine stand-in: jobs with their stored events, pushed to subscribers when `emit` says so. */
class FakeEngine implements JobApi {
  readonly listeners = new Set<(event: JobEvent) => void>();
  readonly stored = new Map<string, JobEvent[]>();
  readonly records = new Map<string, Job>();
  getJobCalls = 0;
  cancelled: string[] = [];

  onJobEvent = (listener: (event: JobEvent) => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getJob = async ({ id }: { id: string }) => {
    this.getJobCalls += 1;
    const job = this.records.get(id);
    if (!job) throw new Error(`no job ${id}`);
    return { job, events: [...(this.stored.get(id) ?? [])] };
  };

  cancelJob = async ({ id }: { id: string }) => {
    this.cancelled.push(id);
    const job = this.records.get(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  };

  create(id: string): void {
    this.records.set(id, {
      id,
      kind: 'deploy',
      title: 'Deploy',
      status: 'running',
      createdAt: at,
      finishedAt: null,
      error: null,
      result: null,
    });
    this.stored.set(id, []);
  }

  /** Records an event; pushes it unless `silent` (as if the push was lost). */
  emit(id: string, body: Record<string, unknown> & { type: JobEvent['type'] }, silent = false): JobEvent {
    const events = this.stored.get(id) ?? [];
    const event = { jobId: id, seq: events.length + 1, at, ...body } as JobEvent;
    events.push(event);
    if (!silent) for (const listener of this.listeners) listener(event);
    return event;
  }

  finish(id: string, status: Exclude<JobStatus, 'running'>, result: unknown, silent = false): void {
    const job = this.records.get(id);
    if (!job) throw new Error(`no job ${id}`);
    this.records.set(id, { ...job, status, finishedAt: at, result });
    this.emit(id, { type: 'job.finished', status, error: null }, silent);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobTracker', () => {
  it('keeps events pushed before the start call answered and reads the result once the job finished', async () => {
    const engine = new FakeEngine();
    const finished: JobSnapshot[] = [];
    const tracker = new JobTracker(engine, { onFinished: (snapshot) => finished.push(snapshot) });
    const jobId = await tracker.start(async () => {
      engine.create('j1');
      engine.emit('j1', { type: 'job.started', kind: 'deploy', title: 'Deploy' });
      engine.create('other');
      engine.emit('other', { type: 'job.started', kind: 'x', title: 'Other' });
      return { jobId: 'j1' };
    });
    expect(jobId).toBe('j1');
    expect(tracker.getSnapshot()).toMatchObject({ jobId: 'j1', starting: false, status: 'running', job: null });
    expect(tracker.getSnapshot().events.map((event) => event.type)).toEqual(['job.started']);

    engine.emit('j1', { type: 'job.progress', done: 1, total: 2 });
    engine.emit('other', { type: 'job.log', level: 'info', message: 'not ours' });
    expect(tracker.getSnapshot().events).toHaveLength(2);

    engine.finish('j1', 'succeeded', { ok: true });
    expect(tracker.getSnapshot().status).toBe('succeeded');
    await settle();
    expect(tracker.getSnapshot().job).toMatchObject({ status: 'succeeded', result: { ok: true } });
    expect(finished).toHaveLength(1);

    // Late pushes change nothing once the record is read.
    engine.emit('j1', { type: 'job.log', level: 'info', message: 'late' });
    expect(tracker.getSnapshot().events).toHaveLength(3);
    tracker.dispose();
    expect(engine.listeners.size).toBe(0);
  });

  it('survives a job that ended before anything was pushed to it', async () => {
    const engine = new FakeEngine();
    const tracker = new JobTracker(engine);
    await tracker.start(async () => {
      engine.create('quick');
      engine.emit('quick', { type: 'job.started', kind: 'deploy', title: 'Deploy' }, true);
      engine.emit('quick', { type: 'node.status', nodeId: 'a', label: 'a', status: 'succeeded' }, true);
      engine.finish('quick', 'failed', null, true);
      return { jobId: 'quick' };
    });
    expect(tracker.getSnapshot()).toMatchObject({ status: 'failed', job: { status: 'failed' } });
    expect(tracker.getSnapshot().events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('fills a gap in the sequence from getJob', async () => {
    const engine = new FakeEngine();
    const tracker = new JobTracker(engine);
    engine.create('j');
    await tracker.start(async () => ({ jobId: 'j' }));
    engine.emit('j', { type: 'job.started', kind: 'deploy', title: 'Deploy' }, true);
    engine.emit('j', { type: 'job.log', level: 'info', message: 'lost' }, true);
    engine.emit('j', { type: 'job.log', level: 'info', message: 'seen' });
    expect(tracker.getSnapshot().events.map((event) => event.seq)).toEqual([3]);
    await settle();
    expect(tracker.getSnapshot().events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(tracker.getSnapshot().status).toBe('running');
  });

  it('records why a job could not start', async () => {
    const engine = new FakeEngine();
    const tracker = new JobTracker(engine);
    const failure = { code: 'invalid_input', message: 'no such environment' };
    await expect(tracker.start(() => Promise.reject(failure))).rejects.toBe(failure);
    expect(tracker.getSnapshot()).toMatchObject({ jobId: null, starting: false, startError: failure });
  });

  it('cancels the followed job and forgets it on reset, dropping late answers', async () => {
    const engine = new FakeEngine();
    const tracker = new JobTracker(engine);
    engine.create('j');
    await tracker.start(async () => ({ jobId: 'j' }));
    await tracker.cancel();
    expect(engine.cancelled).toEqual(['j']);

    const pending = tracker.sync();
    tracker.reset();
    await pending;
    expect(tracker.getSnapshot().jobId).toBeNull();
    engine.emit('j', { type: 'job.log', level: 'info', message: 'ignored' });
    expect(tracker.getSnapshot().events).toEqual([]);
  });

  it('follows a job started elsewhere and keeps its record when the read fails meanwhile', async () => {
    const engine = new FakeEngine();
    const tracker = new JobTracker(engine);
    const listener = vi.fn();
    tracker.subscribe(listener);
    await tracker.attach('missing');
    expect(tracker.getSnapshot().syncError).toBeInstanceOf(Error);
    engine.create('running');
    engine.emit('running', { type: 'job.started', kind: 'deploy', title: 'Deploy' }, true);
    await tracker.attach('running');
    expect(tracker.getSnapshot()).toMatchObject({ jobId: 'running', status: 'running', syncError: null });
    expect(tracker.getSnapshot().events).toHaveLength(1);
    expect(listener).toHaveBeenCalled();
  });
});

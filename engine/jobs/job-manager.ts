import { randomUUID } from 'node:crypto';
import type { Job, JobEvent, JobEventBody } from '../api/schemas/jobs.js';
import { NimbusError, toWireError } from '../errors.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { JobPort } from '../store/ports/repositories.js';

/** What a running job gets: a signal that fires on cancel, and a way to emit its typed events. */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  emit(event: Exclude<JobEventBody, { type: 'job.started' | 'job.finished' }>): void;
  log(message: string, level?: 'info' | 'warn' | 'error'): void;
  /** The engine's log (not the job's own, which people read), with this job's id on every line. */
  readonly logger: Logger;
}

export type JobRunner = (context: JobContext) => Promise<unknown>;

/** Raised inside a job when it noticed its signal; the job ends as `cancelled`, not `failed`. */
export class JobCancelledError extends NimbusError {
  override name = 'JobCancelledError';
  constructor() {
    super('cancelled', 'The job was cancelled');
  }
}

type Listener = (event: JobEvent) => void;

/**
 * Runs long work as jobs: `start` returns an id at once, the work streams events numbered from 1,
 * `cancel` aborts its signal, and the record and every event are written to the store as they
 * happen, so a job's outcome is known after a restart (jobs found running then are `interrupted`).
 *
 * Events are emitted synchronously but stored asynchronously: each job's writes form one chain, so
 * they reach the store in the order they happened on any backend (a pooled PostgreSQL store included),
 * and the job settles only once every one of them is stored. A write that fails is logged, never lost
 * silently; the job goes on (its listeners already saw the event).
 */
export class JobManager {
  private readonly running = new Map<string, { job: Job; controller: AbortController; seq: number }>();
  /** Jobs whose work or writes are not over yet: settled when their last write is stored. */
  private readonly unsettled = new Map<string, Promise<void>>();
  /** The last write asked for of each unsettled job: a read waits for it, so it sees every event emitted before it. */
  private readonly stored = new Map<string, Promise<void>>();
  private readonly listeners = new Set<Listener>();
  /** Jobs left running by a process that is gone are marked first; every read waits for that. */
  private readonly ready: Promise<void>;

  constructor(
    private readonly repository: JobPort,
    private readonly logger: Logger = discardLogger,
  ) {
    this.ready = repository.markInterrupted(new Date().toISOString()).then(
      () => undefined,
      (error: unknown) => logFailure(logger, 'error', 'Jobs left running by a stopped Nimbus could not be marked interrupted', error),
    );
  }

  start(kind: string, title: string, run: JobRunner): Job {
    const id = randomUUID();
    const controller = new AbortController();
    const job: Job = {
      id,
      kind,
      title,
      status: 'running',
      createdAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      result: null,
    };
    const logger = this.logger.child({ jobId: id, kind });
    // The job's writes, in order; a failed one is logged and the next still runs.
    let writes: Promise<void> = this.ready.then(() => this.repository.create({ id, kind, title, createdAt: job.createdAt }));
    const write = (what: string, call: () => Promise<void>): void => {
      writes = writes.then(call).catch((error: unknown) => logFailure(logger, 'error', `Job ${title}: ${what} could not be stored`, error));
      this.stored.set(id, writes);
    };
    writes = writes.catch((error: unknown) => logFailure(logger, 'error', `Job ${title} could not be stored`, error));
    this.stored.set(id, writes);
    const entry = { job, controller, seq: 0 };
    this.running.set(id, entry);
    const emit = (body: JobEventBody): void => {
      entry.seq += 1;
      const event = { jobId: id, seq: entry.seq, at: new Date().toISOString(), ...body } as JobEvent;
      write(`event ${event.seq} (${event.type})`, () => this.repository.appendEvent(event));
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          // A failing subscriber must not break the job or the other subscribers; the log keeps it.
          logFailure(logger, 'error', `A subscriber to job events failed on ${event.type}`, error);
        }
      }
    };
    const context: JobContext = {
      jobId: id,
      signal: controller.signal,
      emit,
      log: (message, level = 'info') => emit({ type: 'job.log', level, message }),
      logger,
    };
    emit({ type: 'job.started', kind, title });
    const done = (async () => {
      let result: unknown = null;
      let status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded';
      let error = null;
      let thrownError: unknown = null;
      try {
        result = (await run(context)) ?? null;
        if (controller.signal.aborted) status = 'cancelled';
      } catch (thrown) {
        thrownError = thrown;
        status = controller.signal.aborted || thrown instanceof JobCancelledError ? 'cancelled' : 'failed';
        error = status === 'cancelled' ? null : toWireError(thrown);
        // A job that failed part-way may still report what it did (every node of a topology run).
        if (thrown && typeof thrown === 'object' && 'jobResult' in thrown) result = (thrown as { jobResult: unknown }).jobResult ?? null;
      } finally {
        this.running.delete(id);
      }
      if (error) {
        // An unexpected failure is an engine bug: the log keeps its stack. A classified one is an outcome people see in the job.
        if (error.code === 'internal') logFailure(logger, 'error', `Job ${title} failed`, thrownError);
        else logger.warn(error.code, `Job ${title} failed: ${error.message}`);
      }
      const finishedAt = new Date().toISOString();
      write('its outcome', () => this.repository.finish(id, status, finishedAt, error, result));
      emit({ type: 'job.finished', status, error });
      await writes;
    })();
    this.unsettled.set(id, done);
    const forget = (): void => {
      this.unsettled.delete(id);
      this.stored.delete(id);
    };
    done.then(forget, forget);
    return job;
  }

  /** How many jobs run in this engine now. */
  runningCount(): number {
    return this.running.size;
  }

  /** Whether the job is running in this engine. */
  isRunning(id: string | null): boolean {
    return id !== null && this.running.has(id);
  }

  /** The record of a job running in this engine, as it started (no store read), else undefined. */
  runningJob(id: string): Job | undefined {
    return this.running.get(id)?.job;
  }

  /**
   * A job's record. Events reach subscribers (and through them clients) before they are stored, so a
   * read of a job of this engine first waits for the writes asked for so far: whoever heard
   * `job.finished` and asks for the job gets it finished, not still running.
   */
  async get(id: string): Promise<Job> {
    await this.ready;
    await this.stored.get(id);
    return this.repository.get(id);
  }

  async list(): Promise<Job[]> {
    await this.ready;
    return this.repository.list();
  }

  /** A job's events, every one emitted before the call included (see get); rejects with `not_found` for an unknown job. */
  async events(id: string): Promise<JobEvent[]> {
    await this.ready;
    await this.stored.get(id);
    await this.repository.get(id);
    return this.repository.events(id);
  }

  /** Aborts a running job's signal; a job that already finished is returned as it is. */
  async cancel(id: string): Promise<Job> {
    // Only a job the caller's tenant can read: another tenant's id is `not_found`, and its job runs on.
    await this.get(id);
    this.abort(id);
    return this.get(id);
  }

  /** Aborts a running job's signal, reading nothing; does nothing for a job not running here. */
  abort(id: string): void {
    this.running.get(id)?.controller.abort(new JobCancelledError());
  }

  /** Resolves when the job has finished and its final event was emitted. */
  async settled(id: string): Promise<Job> {
    await this.unsettled.get(id);
    return this.get(id);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every running job and waits for them to finish. */
  async dispose(): Promise<void> {
    for (const entry of this.running.values()) entry.controller.abort(new JobCancelledError());
    await Promise.allSettled([...this.unsettled.values()]);
    this.listeners.clear();
  }
}

import { randomUUID } from 'node:crypto';
import type { Job, JobEvent, JobEventBody } from '../api/schemas/jobs.js';
import { NimbusError, toWireError } from '../errors.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { JobRepository } from '../store/job-repository.js';

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
 */
export class JobManager {
  private readonly running = new Map<string, { controller: AbortController; seq: number; done: Promise<void> }>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: JobRepository,
    private readonly logger: Logger = discardLogger,
  ) {
    repository.markInterrupted(new Date().toISOString());
  }

  start(kind: string, title: string, run: JobRunner): Job {
    const id = randomUUID();
    const controller = new AbortController();
    this.repository.create({ id, kind, title, createdAt: new Date().toISOString() });
    const entry = { controller, seq: 0, done: Promise.resolve() };
    this.running.set(id, entry);
    const logger = this.logger.child({ jobId: id, kind });
    const emit = (body: JobEventBody): void => {
      entry.seq += 1;
      const event = { jobId: id, seq: entry.seq, at: new Date().toISOString(), ...body } as JobEvent;
      this.repository.appendEvent(event);
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
    entry.done = (async () => {
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
      this.repository.finish(id, status, new Date().toISOString(), error, result);
      emit({ type: 'job.finished', status, error });
    })();
    return this.repository.get(id);
  }

  /** Whether the job is running in this engine. */
  isRunning(id: string | null): boolean {
    return id !== null && this.running.has(id);
  }

  get(id: string): Job {
    return this.repository.get(id);
  }

  list(): Job[] {
    return this.repository.list();
  }

  events(id: string): JobEvent[] {
    this.repository.get(id);
    return this.repository.events(id);
  }

  /** Aborts a running job's signal; a job that already finished is returned as it is. */
  cancel(id: string): Job {
    this.running.get(id)?.controller.abort(new JobCancelledError());
    return this.repository.get(id);
  }

  /** Resolves when the job has finished and its final event was emitted. */
  async settled(id: string): Promise<Job> {
    await this.running.get(id)?.done;
    return this.repository.get(id);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every running job and waits for them to finish. */
  async dispose(): Promise<void> {
    const pending = [...this.running.values()];
    for (const entry of pending) entry.controller.abort(new JobCancelledError());
    await Promise.allSettled(pending.map((entry) => entry.done));
    this.listeners.clear();
  }
}

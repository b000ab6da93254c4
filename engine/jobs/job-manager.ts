import { randomUUID } from 'node:crypto';
import { JobStatusSchema, type Job, type JobEvent, type JobEventBody, type JobStatus, type WireError } from '../api/schemas/jobs.js';
import type { Permission } from '../common/permissions.js';
import { currentRequest, runInRequest } from '../context/request-context.js';
import { runAsEngineWork } from '../context/tenant-scope.js';
import { NimbusError, toWireError } from '../errors.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { JobPort } from '../store/ports/repositories.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { queuedRequest, type ClaimOutcome, type JobQueue, type JobQueueHost, type OrphanJob, type QueuedJob } from './job-queue.js';

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

/** A runner of queued jobs: any process that registered it can run a job from its payload alone. */
export type PayloadRunner<P> = (payload: P, context: JobContext) => Promise<unknown>;

/** What to do when the process running jobs died: recover what they left, then resolve. */
export type OrphanRecovery = (jobIds: readonly string[]) => Promise<void>;

/** A job to queue: its record's kind and title, the registered runner (the kind when absent) and its payload. */
export interface JobRequest<P> {
  /** The job's id, when the caller recorded it before queueing (a stack instance names the job of its workflow); else a new one. */
  id?: string;
  kind: string;
  title: string;
  runner?: string;
  payload: P;
}

/** A queued job named a runner this process does not have (an older or newer Nimbus took it). */
export class UnknownJobRunnerError extends NimbusError {
  override name = 'UnknownJobRunnerError';
}

/** Raised inside a job when it noticed its signal; the job ends as `cancelled`, not `failed`. */
export class JobCancelledError extends NimbusError {
  override name = 'JobCancelledError';
  constructor() {
    super('cancelled', 'The job was cancelled');
  }
}

type Listener = (event: JobEvent) => void;

/** How often a wait for a job running in another process reads its record, in case a notification was missed. */
const REMOTE_POLL_MS = 1_000;

/**
 * Runs long work as jobs: `start` returns an id at once, the work streams events numbered from 1,
 * `cancel` aborts its signal, and the record and every event are written to the store as they
 * happen, so a job's outcome is known after a restart (jobs found running then are `interrupted`).
 *
 * Jobs are run through a {@link JobQueue}. `submit` turns a job into data (a registered runner, its
 * payload, the request it was started in), so on the shared server any worker process may run it;
 * `start` runs a closure here (work bound to this process, such as a stack instance's workflow). In
 * the in-process queue both run at once in this process. With a distributed queue, listeners hear
 * the events of jobs running in other processes too (read from the store, in order, once each).
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
  /** Listeners of this process's own jobs only (routing job outcomes happens where the job ran). */
  private readonly localListeners = new Set<Listener>();
  private readonly runners = new Map<string, PayloadRunner<never>>();
  /** Runners whose job may run again from the start after its process died and its work was recovered. */
  private readonly resumable = new Set<string>();
  private orphanRecovery: OrphanRecovery | undefined;
  /** The last event delivered of each job running in another process. */
  private readonly remoteSeen = new Map<string, number>();
  /** Each remote job's deliveries, one after another. */
  private readonly remoteReads = new Map<string, Promise<void>>();
  /** Waits for jobs running in another process, woken when their `job.finished` arrives. */
  private readonly remoteWaiters = new Map<string, Set<() => void>>();
  private disposed = false;
  /** Jobs left running by a process that is gone are marked first; every read waits for that. */
  private readonly ready: Promise<void>;
  readonly queue: JobQueue;

  constructor(
    private readonly repository: JobPort,
    private readonly logger: Logger = discardLogger,
    queue?: JobQueue,
  ) {
    this.queue = queue ?? new InProcessJobQueue(repository, logger);
    const host: JobQueueHost = {
      execute: (job) => this.execute(job),
      abort: (id) => this.abort(id),
      remoteEvent: (id, seq) => this.remoteEvent(id, seq),
      recoverOrphans: (orphans) => this.recoverOrphans(orphans),
      isRunning: (id) => this.running.has(id),
    };
    this.ready = this.queue.start(host).catch((error: unknown) => logFailure(logger, 'error', 'The job queue could not be started', error));
  }

  /** Whether jobs may run in other processes (the shared server's queue). */
  get distributed(): boolean {
    return this.queue.distributed;
  }

  /** Resolves once the queue has started (its workers and supervisor run, or left-over jobs are marked). */
  started(): Promise<void> {
    return this.ready;
  }

  /**
   * Starts taking queued jobs (the shared server's workers, and its recovery of jobs whose process
   * died): the composition root calls it once every runner and the recovery are registered.
   */
  async startWorkers(): Promise<void> {
    await this.ready;
    await this.queue.startWorkers?.();
  }

  /**
   * Registers the runner of queued jobs named `name`; every process that may run them registers it.
   * `resumable`: running it again from the start finishes what an interrupted run began (a topology
   * deploy keeps what is deployed and creates the rest), so a job whose process died is continued by
   * the process that recovered it, under the same id, rather than ended as `interrupted`.
   */
  register<P>(name: string, runner: PayloadRunner<P>, options: { resumable?: boolean } = {}): void {
    this.runners.set(name, runner as PayloadRunner<never>);
    if (options.resumable) this.resumable.add(name);
    else this.resumable.delete(name);
  }

  /** Sets what recovers the work of jobs whose process died (the deploy journal's recovery). */
  onOrphans(recovery: OrphanRecovery): void {
    this.orphanRecovery = recovery;
  }

  /**
   * Queues a job as data, in the request context of the caller: it runs at once here (in-process
   * queue) or on whichever worker claims it. Resolves with the job's record once it is queued.
   */
  async submit<P>(request: JobRequest<P>): Promise<Job> {
    const runner = request.runner ?? request.kind;
    if (!this.runners.has(runner)) throw new UnknownJobRunnerError('unknown_job_runner', `No job runner is registered as ${runner}`, {});
    const queued: QueuedJob = {
      id: request.id ?? randomUUID(),
      kind: request.kind,
      title: request.title,
      runner,
      payload: request.payload,
      request: queuedRequest(currentRequest()),
    };
    if (!this.queue.distributed) {
      await this.queue.enqueue(queued);
      return this.running.get(queued.id)?.job ?? this.get(queued.id);
    }
    await this.ready;
    const createdAt = new Date().toISOString();
    await this.repository.create({ id: queued.id, kind: queued.kind, title: queued.title, createdAt });
    try {
      await this.queue.enqueue(queued);
    } catch (error) {
      await this.repository.finish(queued.id, 'failed', new Date().toISOString(), toWireError(error), null);
      throw error;
    }
    return {
      id: queued.id,
      kind: queued.kind,
      title: queued.title,
      status: 'running',
      createdAt,
      finishedAt: null,
      error: null,
      result: null,
    };
  }

  /** Runs a queued job here (the in-process queue, or a worker that claimed it); resolves once it has settled. */
  private async execute(queued: QueuedJob): Promise<void> {
    const launch = (): Job =>
      this.launch(queued.id, queued.kind, queued.title, this.runnerOf(queued), {
        create: !this.queue.distributed,
        claimed: this.queue.distributed,
      });
    if (this.queue.distributed) {
      await this.ready;
      let claim: ClaimOutcome;
      try {
        claim = await this.queue.claim!(queued.id);
      } catch (error) {
        logFailure(this.logger, 'error', `Job ${queued.title} could not be claimed`, error, { jobId: queued.id });
        await this.conclude(
          queued.id,
          'interrupted',
          { code: 'job_queue_unavailable', message: `The job could not be started: ${toWireError(error).message}`, details: {} },
          'The worker that took this job could not start it',
        ).catch((failure: unknown) => logFailure(this.logger, 'error', `Job ${queued.title}: its outcome could not be stored`, failure));
        return;
      }
      // Held by another process: it runs (or recovers) the job; nothing to do here.
      if (claim === 'elsewhere') return;
      if (claim === 'cancelled') {
        await this.conclude(queued.id, 'cancelled', null, 'The job was cancelled before a worker started it');
        return;
      }
    }
    const job = this.inRequestOf(queued, launch);
    await this.unsettled.get(job.id);
  }

  /** The closure that runs a queued job with its registered runner. */
  private runnerOf(queued: QueuedJob): JobRunner {
    const runner = this.runners.get(queued.runner);
    return async (context) => {
      if (!runner) throw new UnknownJobRunnerError('unknown_job_runner', `This Nimbus has no runner for ${queued.runner} jobs`, {});
      return runner(queued.payload as never, context);
    };
  }

  /** Runs `work` in the request context the job was queued in (none for the engine's own work). */
  private inRequestOf<T>(queued: QueuedJob, work: () => T): T {
    const request = queued.request;
    // Queued outside any call: it acts where such code does (the local tenant), whatever context the worker has.
    if (!request) return runInRequest({ requestId: `job:${queued.id}`, actor: null, tenant: null, clientAddress: null }, work);
    return runInRequest(
      {
        requestId: request.requestId,
        actor: request.actor,
        tenant: request.tenant,
        clientAddress: request.clientAddress,
        ...(request.permissions ? { permissions: new Set(request.permissions as Permission[]) } : {}),
        ...(request.engineWork ? { engineWork: true as const } : {}),
      },
      work,
    );
  }

  start(kind: string, title: string, run: JobRunner): Job {
    return this.launch(randomUUID(), kind, title, run, { create: true, claimed: false });
  }

  /**
   * Runs `run` here as job `id`. `create`: the record is made first (else the queue made it);
   * `claimed`: the queue already holds the job for this process (else it is claimed here first,
   * when the queue claims jobs at all).
   */
  private launch(
    id: string,
    kind: string,
    title: string,
    run: JobRunner,
    how: { create: boolean; claimed: boolean; resumed?: { afterSeq: number; message: string } },
  ): Job {
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
    let writes: Promise<void> = how.create
      ? this.ready.then(() => this.repository.create({ id, kind, title, createdAt: job.createdAt }))
      : Promise.resolve();
    // Jobs started here hold their claim before their work begins (and before their events are announced).
    const claim = !how.claimed && this.queue.claim ? writes.then(() => this.queue.claim!(id)) : undefined;
    if (claim) writes = claim.then(() => undefined);
    const write = (what: string, call: () => Promise<void>): void => {
      writes = writes.then(call).catch((error: unknown) => logFailure(logger, 'error', `Job ${title}: ${what} could not be stored`, error));
      this.stored.set(id, writes);
    };
    writes = writes.catch((error: unknown) => logFailure(logger, 'error', `Job ${title} could not be stored`, error));
    this.stored.set(id, writes);
    const entry = { job, controller, seq: how.resumed?.afterSeq ?? 0 };
    this.running.set(id, entry);
    const emit = (body: JobEventBody): void => {
      entry.seq += 1;
      const event = { jobId: id, seq: entry.seq, at: new Date().toISOString(), ...body } as JobEvent;
      write(`event ${event.seq} (${event.type})`, async () => {
        await this.repository.appendEvent(event);
        this.queue.announce?.(event);
      });
      this.deliver(event, true);
    };
    const context: JobContext = {
      jobId: id,
      signal: controller.signal,
      emit,
      log: (message, level = 'info') => emit({ type: 'job.log', level, message }),
      logger,
    };
    if (how.resumed) emit({ type: 'job.log', level: 'warn', message: how.resumed.message });
    else emit({ type: 'job.started', kind, title });
    const done = (async () => {
      let result: unknown = null;
      let status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded';
      let error = null;
      let thrownError: unknown = null;
      try {
        // Unclaimed, the job would count as dead to the other processes: it does not run.
        if (claim && (await claim) !== 'claimed') throw new JobCancelledError();
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
      await this.queue
        .release?.(id)
        .catch((error: unknown) => logFailure(logger, 'error', `Job ${title}: its claim could not be released`, error));
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

  /**
   * Jobs of every tenant by status, and how many wait for a worker: what the server's metrics show
   * its operator (the engine's own work: the counts cross tenants).
   */
  async figures(): Promise<{ byState: Record<JobStatus, number>; queueDepth: number }> {
    const [counted, queueDepth] = await Promise.all([
      runAsEngineWork('metrics', () => this.repository.countByStatus()),
      this.queue.waiting?.() ?? Promise.resolve(0),
    ]);
    // Every state is a series, 0 included, so a scraper's graphs do not break off.
    const byState = Object.fromEntries(JobStatusSchema.options.map((status) => [status, counted[status] ?? 0])) as Record<
      JobStatus,
      number
    >;
    return { byState, queueDepth };
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

  /**
   * Whether job `id` is in the current tenant's scope, answered without reading its record or events
   * (a subscriber deciding who hears a job's events asks it once per job). Like {@link get}, it first
   * waits for the job's writes asked for so far, so a job this engine just started is found.
   */
  async visible(id: string): Promise<boolean> {
    await this.ready;
    await this.stored.get(id);
    return this.repository.visible(id);
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

  /**
   * Aborts a running job's signal; a job running in another process (or still queued) is asked
   * through the queue. A job that already finished is returned as it is.
   */
  async cancel(id: string): Promise<Job> {
    // Only a job the caller's tenant can read: another tenant's id is `not_found`, and its job runs on.
    const job = await this.get(id);
    if (this.running.has(id)) this.abort(id);
    else if (this.queue.requestCancel && job.status === 'running') await this.queue.requestCancel(id);
    return this.get(id);
  }

  /** Aborts a running job's signal, reading nothing; does nothing for a job not running here. */
  abort(id: string): void {
    this.running.get(id)?.controller.abort(new JobCancelledError());
  }

  /**
   * Resolves when the job has finished and its final event was emitted; for a job running in another
   * process, when its record says it finished.
   */
  async settled(id: string): Promise<Job> {
    const here = this.unsettled.get(id);
    if (here || !this.queue.distributed) {
      await here;
      return this.get(id);
    }
    for (;;) {
      const job = await this.get(id);
      if (job.status !== 'running' || this.disposed) return job;
      const local = this.unsettled.get(id);
      if (local) {
        await local;
        continue;
      }
      await new Promise<void>((resolve) => {
        const waiters = this.remoteWaiters.get(id) ?? new Set<() => void>();
        this.remoteWaiters.set(id, waiters);
        const wake = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          if (waiters.size === 0) this.remoteWaiters.delete(id);
          resolve();
        };
        const timer = setTimeout(wake, REMOTE_POLL_MS);
        waiters.add(wake);
      });
    }
  }

  /** Every event of every job (with a distributed queue, those of jobs running in other processes too). */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The events of jobs running in this process only: what only the process running a job should act on (routing its outcome). */
  subscribeLocal(listener: Listener): () => void {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  }

  /** Runs the recovery of jobs whose process died now (the shared server's queue; nothing in-process). */
  async recoverOrphansNow(): Promise<void> {
    await this.ready;
    await this.queue.recoverNow?.();
  }

  /** Cancels every running job and waits for them to finish. */
  async dispose(): Promise<void> {
    await this.ready;
    await this.queue.stopWorkers?.();
    for (const entry of this.running.values()) entry.controller.abort(new JobCancelledError());
    await Promise.allSettled([...this.unsettled.values()]);
    await Promise.allSettled([...this.remoteReads.values()]);
    this.disposed = true;
    for (const waiters of this.remoteWaiters.values()) for (const wake of [...waiters]) wake();
    await this.queue.dispose();
    this.listeners.clear();
    this.localListeners.clear();
  }

  private deliver(event: JobEvent, local: boolean): void {
    for (const listener of local ? [...this.localListeners, ...this.listeners] : this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A failing subscriber must not break the job or the other subscribers; the log keeps it.
        logFailure(this.logger, 'error', `A subscriber to job events failed on ${event.type}`, error, { jobId: event.jobId });
      }
    }
    if (event.type === 'job.finished') for (const wake of [...(this.remoteWaiters.get(event.jobId) ?? [])]) wake();
  }

  /**
   * Event `seq` of a job running in another process was stored: delivers it and any before it not
   * delivered yet, read from the store in order, so listeners hear each event once and in sequence.
   */
  private remoteEvent(id: string, seq: number): void {
    if (this.running.has(id) || this.unsettled.has(id) || this.disposed) return;
    const previous = this.remoteReads.get(id) ?? Promise.resolve();
    const read = previous.then(async () => {
      const seen = this.remoteSeen.get(id) ?? seq - 1;
      if (seq <= seen) return;
      // Every process's clients follow jobs of their tenants: the read itself crosses tenants (listeners filter).
      const events = (await runAsEngineWork('job-events', () => this.repository.events(id))).filter((event) => event.seq > seen);
      for (const event of events) {
        this.remoteSeen.set(id, event.seq);
        this.deliver(event, false);
      }
      // Kept after the job's end (a late notification must not deliver it again), bounded so jobs do not pile up.
      if (this.remoteSeen.size > 1_000) this.remoteSeen.delete(this.remoteSeen.keys().next().value!);
    });
    const tracked = read
      .catch((error: unknown) =>
        logFailure(this.logger, 'warn', 'Events of a job running in another process could not be read', error, { jobId: id }),
      )
      .finally(() => {
        if (this.remoteReads.get(id) === tracked) this.remoteReads.delete(id);
      });
    this.remoteReads.set(id, tracked);
  }

  /**
   * Jobs whose process died: the registered recovery (the deploy journal's) runs; then a job whose
   * runner is resumable continues here under its own id (its events go on from the last one stored),
   * and any other job still running in the store is ended as `interrupted`, its last events saying so.
   */
  private recoverOrphans(orphans: readonly OrphanJob[]): Promise<void> {
    // Jobs of any tenant: recovery is the engine's own work (a continued job acts again in its own request's tenant).
    return runAsEngineWork('job-recovery', () => this.recoverOrphansOf(orphans));
  }

  private async recoverOrphansOf(orphans: readonly OrphanJob[]): Promise<void> {
    const ids = orphans.map((orphan) => orphan.id);
    let failure: unknown = null;
    try {
      await this.orphanRecovery?.(ids);
    } catch (error) {
      failure = error;
      logFailure(this.logger, 'error', 'Recovering the work of jobs whose process stopped failed', error, { jobIds: ids.join(',') });
    }
    const by = `instance ${this.queue.instanceId}`;
    for (const { id, queued } of orphans) {
      if (!failure && queued && this.resumable.has(queued.runner) && this.queue.adopt && (await this.resume(queued, by))) continue;
      await this.conclude(
        id,
        'interrupted',
        {
          code: failure ? 'recovery_failed' : 'interrupted',
          message: failure
            ? `The process running this job stopped, and recovering its work failed: ${toWireError(failure).message}`
            : 'The process running this job stopped; another one recovered its work (see the deployments for what is deployed)',
          details: {},
        },
        `The Nimbus process running this job stopped; recovered by ${by}`,
      );
    }
  }

  /** Continues an orphaned job here from the start of its runner; false when it is no longer running. */
  private async resume(queued: QueuedJob, by: string): Promise<boolean> {
    const job = await this.repository.get(queued.id);
    if (job.status !== 'running') return false;
    const afterSeq = (await this.repository.events(queued.id)).at(-1)?.seq ?? 0;
    await this.queue.adopt!(queued.id);
    this.inRequestOf(queued, () =>
      this.launch(queued.id, queued.kind, queued.title, this.runnerOf(queued), {
        create: false,
        claimed: true,
        resumed: {
          afterSeq,
          message: `The Nimbus process running this job stopped; its work was recovered and the job continues on ${by}`,
        },
      }),
    );
    return true;
  }

  /** Ends a job this process does not run (still queued, or orphaned): its last events and its outcome, if it is still running. */
  private conclude(id: string, status: 'cancelled' | 'interrupted', error: WireError | null, message: string): Promise<void> {
    return runAsEngineWork('job-outcome', () => this.concludeJob(id, status, error, message));
  }

  private async concludeJob(id: string, status: 'cancelled' | 'interrupted', error: WireError | null, message: string): Promise<void> {
    const job = await this.repository.get(id);
    if (job.status !== 'running') return;
    let seq = (await this.repository.events(id)).at(-1)?.seq ?? 0;
    const at = new Date().toISOString();
    const events: JobEvent[] = [
      { jobId: id, seq: ++seq, at, type: 'job.log', level: status === 'cancelled' ? 'info' : 'warn', message },
      { jobId: id, seq: ++seq, at, type: 'job.finished', status, error },
    ];
    for (const event of events) await this.repository.appendEvent(event);
    await this.repository.finish(id, status, at, error, null);
    for (const event of events) {
      this.queue.announce?.(event);
      this.deliver(event, true);
    }
  }
}

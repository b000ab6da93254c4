import type { Job, JobEvent, JobStatus, NimbusApi } from '../../../engine/api/contract';
import { hasGap, jobStatusOf, mergeJobEvents } from './job-events';

/** The part of the API a tracker uses; tests pass a fake. */
export type JobApi = Pick<NimbusApi, 'onJobEvent' | 'getJob' | 'cancelJob'>;

/** What a screen shows of one job. Replaced as a whole on every change, so it works with useSyncExternalStore. */
export interface JobSnapshot {
  /** Null until the start call answered (or after `reset`). */
  readonly jobId: string | null;
  /** The start call has not answered yet. */
  readonly starting: boolean;
  /** Every event seen so far, in `seq` order without gaps once caught up. */
  readonly events: readonly JobEvent[];
  /** `running` until the job finished; null before a job exists. */
  readonly status: JobStatus | null;
  /** The job's record once it finished: its `result` and `error`. Null while it runs. */
  readonly job: Job | null;
  /** Why the job could not be started. */
  readonly startError: unknown;
  /** Why the last catch-up with `getJob` failed; cleared by the next one that works. */
  readonly syncError: unknown;
}

export const IDLE_JOB: JobSnapshot = {
  jobId: null,
  starting: false,
  events: [],
  status: null,
  job: null,
  startError: null,
  syncError: null,
};

export interface JobTrackerOptions {
  /** Called once per job, when its final record (with the result) has been read. */
  onFinished?(snapshot: JobSnapshot): void;
}

/**
 * Follows one job at a time: starts it, collects its events, and reads what the push stream cannot be
 * trusted to deliver from `getJob`. Events can arrive before the start call returns the id, so they are
 * buffered until then; a gap in `seq` or the final event triggers a catch-up; the record read after the
 * job finished carries the result. Answers for a job no longer followed are dropped.
 */
export class JobTracker {
  private snapshot: JobSnapshot = IDLE_JOB;
  private readonly listeners = new Set<() => void>();
  /** Events of any job, kept while the start call is in flight. */
  private early: JobEvent[] | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Grows with every start/attach/reset, so late answers about an earlier job are ignored. */
  private generation = 0;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;

  private onFinished: JobTrackerOptions['onFinished'];

  constructor(
    private readonly api: JobApi,
    options: JobTrackerOptions = {},
  ) {
    this.onFinished = options.onFinished;
  }

  /** Replaces the finish callback (a component passes its latest one after every render). */
  setOnFinished(onFinished: JobTrackerOptions['onFinished']): void {
    this.onFinished = onFinished;
  }

  readonly getSnapshot = (): JobSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts a job with `starter` and follows it; rejects (and records `startError`) when it cannot start. */
  async start(starter: () => Promise<{ jobId: string }>): Promise<string> {
    this.listen();
    const generation = ++this.generation;
    this.early = [];
    this.set({ ...IDLE_JOB, starting: true });
    let jobId: string;
    try {
      ({ jobId } = await starter());
    } catch (error) {
      if (generation === this.generation) {
        this.early = null;
        this.set({ ...IDLE_JOB, startError: error });
      }
      throw error;
    }
    if (generation !== this.generation) return jobId;
    const buffered = (this.early ?? []).filter((event) => event.jobId === jobId);
    this.early = null;
    const events = mergeJobEvents([], buffered);
    this.set({ ...IDLE_JOB, jobId, events, status: jobStatusOf(events) });
    await this.sync();
    return jobId;
  }

  /** Follows a job started elsewhere (or earlier), reading what it emitted so far. */
  attach(jobId: string): Promise<void> {
    this.listen();
    this.generation += 1;
    this.early = null;
    this.set({ ...IDLE_JOB, jobId, status: 'running' });
    return this.sync();
  }

  /** Forgets the job (it keeps running on the engine). */
  reset(): void {
    this.generation += 1;
    this.early = null;
    this.set(IDLE_JOB);
  }

  /** Asks the engine to stop the job; it finishes as cancelled, which arrives as events. */
  async cancel(): Promise<void> {
    const { jobId, job } = this.snapshot;
    if (jobId && !job) await this.api.cancelJob({ id: jobId });
  }

  /**
   * Reads the job's record and events and merges them in. Runs one request at a time; asking again while
   * one is in flight runs one more afterwards. Once the job is finished and its record read, does nothing.
   */
  sync(): Promise<void> {
    if (!this.snapshot.jobId || this.snapshot.job) return Promise.resolve();
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    const generation = this.generation;
    const jobId = this.snapshot.jobId;
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          const { job, events } = await this.api.getJob({ id: jobId });
          if (generation !== this.generation || this.snapshot.job) return;
          const merged = mergeJobEvents(this.snapshot.events, events);
          const finished = job.status !== 'running';
          this.set({
            ...this.snapshot,
            events: merged,
            status: finished ? job.status : jobStatusOf(merged),
            job: finished ? job : null,
            syncError: null,
          });
          if (finished) {
            this.onFinished?.(this.snapshot);
            return;
          }
        } while (this.syncAgain);
      } catch (error) {
        // Offline or the job is unknown; live events still arrive, and a reconnect or retry syncs again.
        if (generation === this.generation) this.set({ ...this.snapshot, syncError: error });
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** Stops listening for events. A later start or attach listens again, so a remount can reuse the tracker. */
  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private listen(): void {
    this.unsubscribe ??= this.api.onJobEvent((event) => this.receive(event));
  }

  private receive(event: JobEvent): void {
    if (this.early) {
      this.early.push(event);
      return;
    }
    if (event.jobId !== this.snapshot.jobId || this.snapshot.job) return;
    const events = mergeJobEvents(this.snapshot.events, [event]);
    this.set({ ...this.snapshot, events, status: jobStatusOf(events) });
    if (event.type === 'job.finished' || hasGap(events)) void this.sync();
  }

  private set(next: JobSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

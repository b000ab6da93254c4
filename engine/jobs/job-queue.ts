import type { JobEvent } from '../api/schemas/jobs.js';
import type { RequestContext } from '../context/request-context.js';

/** The request a queued job was started in, as data: the worker that runs it restores it (actor, tenant, request id). */
export interface QueuedRequest {
  requestId: string;
  actor: string | null;
  tenant: string | null;
  clientAddress: string | null;
  /** The caller's permissions; absent for the engine's own work. */
  permissions?: string[];
  /** Started by the engine's own work across tenants (see context/tenant-scope.ts). */
  engineWork?: boolean;
}

/**
 * A job as data, so any process with the runner can run it: the job's id, kind and title (its
 * record), the runner registered under `runner`, the runner's serialisable payload, and the request
 * it was started in.
 */
export interface QueuedJob {
  id: string;
  kind: string;
  title: string;
  runner: string;
  payload: unknown;
  request: QueuedRequest | null;
}

/** A job whose process died, and what it was when it was queued (absent for work bound to its process). */
export interface OrphanJob {
  id: string;
  queued: QueuedJob | null;
}

/** What claiming a job gave: it is this process's to run, it must not run, or another process holds it. */
export type ClaimOutcome = 'claimed' | 'cancelled' | 'elsewhere';

/** What a queue calls back into: the job manager of its process. */
export interface JobQueueHost {
  /** Runs a job claimed by one of this process's workers here, resolving once it has settled. */
  execute(job: QueuedJob): Promise<void>;
  /** A job of this process is asked (from another process) to stop. */
  abort(jobId: string): void;
  /** An event of a job running in another process was stored; the host reads and delivers it (and those before it). */
  remoteEvent(jobId: string, seq: number): void;
  /**
   * Jobs whose process stopped in the middle of them: this process holds each one now (nobody else
   * recovers them), recovers what they left, and either continues a job here (after
   * {@link JobQueue.adopt}) or records its outcome, before resolving.
   */
  recoverOrphans(orphans: readonly OrphanJob[]): Promise<void>;
  /** Whether the job runs in this process now. */
  isRunning(jobId: string): boolean;
}

/**
 * Where jobs run. The in-process queue (the desktop, the CLI, `nimbus serve`) runs each job at once
 * in the process that started it; the shared server's queue (PostgreSQL) hands jobs to whichever
 * worker process claims them, tells every process about every job's events and cancellations, and
 * recovers the jobs of a worker that died. The job manager is the same over both.
 */
export interface JobQueue {
  /** Whether jobs may run in another process (the job manager then reads their progress from the store). */
  readonly distributed: boolean;
  /** This process among those sharing the queue (a random id: process ids repeat across hosts). */
  readonly instanceId: string;
  /** Starts serving `host`: marks jobs a stopped process left behind (in-process), or listens for other processes' job events. */
  start(host: JobQueueHost): Promise<void>;
  /**
   * Starts this process's workers and the supervisor that recovers orphaned jobs: called once every
   * runner and the recovery are registered, so no job is taken that this process cannot run yet.
   */
  startWorkers?(): Promise<void>;
  /** Hands a job whose record exists to the workers. */
  enqueue(job: QueuedJob): Promise<void>;
  /**
   * This process starts running the job: from now on the job counts as alive until {@link release},
   * or until the process dies. `cancelled`: it must not run (cancelled before a worker got it, or no
   * longer running); `elsewhere`: another process holds it. Absent when jobs are alive exactly while
   * their process runs them (in-process).
   */
  claim?(jobId: string): Promise<ClaimOutcome>;
  /** An orphan this process recovered is continued here: it holds it as its own claim from now on. */
  adopt?(jobId: string): Promise<void>;
  /** The job's outcome is stored: it no longer holds its claim. */
  release?(jobId: string): Promise<void>;
  /** Whether the process and job that took a deploy lock or wrote a journal row are still at work. */
  holderAlive(pid: number, jobId: string | null): Promise<boolean>;
  /** Asks the process running the job (or the worker about to claim it) to cancel it. */
  requestCancel?(jobId: string): Promise<void>;
  /** The event was stored: tells the other processes (their clients follow jobs running here). */
  announce?(event: JobEvent): void;
  /** Runs the recovery of orphaned jobs now, once, serialised with every other process's (on start, and the CLI). */
  recoverNow?(): Promise<void>;
  /**
   * Tells the other processes sharing the queue about something that happened here (an approval
   * decided, say), under a topic; absent where there are no other processes (in-process).
   */
  broadcast?(topic: string, payload: string): void;
  /** Hears what other processes broadcast (never this process's own); returns the unsubscribe. */
  onBroadcast?(listener: (topic: string, payload: string) => void): () => void;
  /** How many jobs wait for a worker; absent when none ever waits (in-process: each job starts at once). */
  waiting?(): Promise<number>;
  /** Stops taking jobs (running ones go on); called before the running jobs are cancelled. */
  stopWorkers?(): Promise<void>;
  dispose(): Promise<void>;
}

/** The data form of the request context a job was started in. */
export function queuedRequest(context: RequestContext | undefined): QueuedRequest | null {
  if (!context) return null;
  return {
    requestId: context.requestId,
    actor: context.actor,
    tenant: context.tenant,
    clientAddress: context.clientAddress,
    ...(context.permissions ? { permissions: [...context.permissions] } : {}),
    ...(context.engineWork ? { engineWork: true } : {}),
  };
}

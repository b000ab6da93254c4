import { randomUUID } from 'node:crypto';
import { logFailure, type Logger, discardLogger } from '../logging/logger.js';
import type { JobPort } from '../store/ports/repositories.js';
import { isProcessAlive } from '../system/process-alive.js';
import type { JobQueue, JobQueueHost, QueuedJob } from './job-queue.js';

/**
 * The queue of an engine that runs its jobs itself (the desktop, the CLI, `nimbus serve`): a job
 * runs the moment it is enqueued, in this process. On start, jobs a stopped process left running
 * are marked `interrupted` (their deployments are recovered by the deploy journal's recovery).
 */
export class InProcessJobQueue implements JobQueue {
  readonly distributed = false;
  readonly instanceId = randomUUID();
  private host: JobQueueHost | undefined;

  constructor(
    private readonly repository: JobPort,
    private readonly logger: Logger = discardLogger,
  ) {}

  async start(host: JobQueueHost): Promise<void> {
    this.host = host;
    try {
      await this.repository.markInterrupted(new Date().toISOString());
    } catch (error) {
      logFailure(this.logger, 'error', 'Jobs left running by a stopped Nimbus could not be marked interrupted', error);
    }
  }

  enqueue(job: QueuedJob): Promise<void> {
    if (!this.host) return Promise.reject(new Error('The job queue was not started'));
    // Runs now; the job's own record says how it ends.
    void this.host.execute(job);
    return Promise.resolve();
  }

  /** A holder in this process is alive while its job runs here; one in another process while that process runs. */
  holderAlive(pid: number, jobId: string | null): Promise<boolean> {
    return Promise.resolve(pid === process.pid ? jobId !== null && (this.host?.isRunning(jobId) ?? false) : isProcessAlive(pid));
  }

  async dispose(): Promise<void> {
    this.host = undefined;
  }
}

import { NimbusError } from '../errors.js';
import { JobCancelledError } from '../jobs/job-manager.js';
import type { StackActivityRecord } from '../store/ports/catalog-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { instanceRow } from './stack-instance-view.js';

/** How often a waiting confirm step reads its instance, for a confirmation given through another process. */
const POLL_MS = 500;

/**
 * The confirm steps of day-2 operations. A waiting step marks its instance's activity as awaiting
 * the question; a confirmation (through any Nimbus process: the app, the CLI, another server
 * process) stamps it in the store, and the step, polling its instance, goes on. A confirmation given
 * through this process wakes the step at once.
 */
export class StackConfirmations {
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly store: RepositoryScope) {}

  /**
   * Waits until the operation running as `jobId` on the instance is confirmed; rejects with
   * JobCancelledError when `signal` aborts. The instance shows the question while it waits.
   */
  async wait(instanceId: string, jobId: string, question: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new JobCancelledError();
    await this.mark(instanceId, jobId, (activity) => ({ ...activity, awaiting: question, confirmedAt: null }));
    try {
      await new Promise<void>((resolve, reject) => {
        const finish = (error?: Error): void => {
          clearInterval(timer);
          signal.removeEventListener('abort', abort);
          if (this.waiting.get(instanceId) === wake) this.waiting.delete(instanceId);
          if (error) reject(error);
          else resolve();
        };
        const wake = (): void => finish();
        const abort = (): void => finish(new JobCancelledError());
        let reading = false;
        const timer = setInterval(() => {
          if (reading) return;
          reading = true;
          instanceRow(this.store, instanceId)
            .then((row) => {
              if (row.activity?.jobId !== jobId) finish(new JobCancelledError());
              else if (row.activity.confirmedAt) finish();
            })
            // A failed read is tried again on the next tick; the job's signal still ends the wait.
            .catch(() => undefined)
            .finally(() => (reading = false));
        }, POLL_MS);
        this.waiting.set(instanceId, wake);
        signal.addEventListener('abort', abort, { once: true });
      });
    } finally {
      await this.mark(instanceId, jobId, (activity) => ({ ...activity, awaiting: null, confirmedAt: null })).catch(() => undefined);
    }
  }

  /** Confirms the step the instance waits at; `nothing_to_confirm` when it waits for none. */
  async confirm(instanceId: string, name: string): Promise<void> {
    const confirmed = await this.store.unitOfWork(async (tx) => {
      const row = await tx.stacks.lockInstance(instanceId);
      if (!row?.activity?.awaiting) return false;
      await tx.stacks.updateInstance(instanceId, { activity: { ...row.activity, confirmedAt: new Date().toISOString() } });
      return true;
    });
    if (!confirmed) throw new NimbusError('nothing_to_confirm', `${name} is not waiting for a confirmation`, {});
    this.waiting.get(instanceId)?.();
  }

  /** Rewrites the activity of the instance while it still runs the job's workflow. */
  private mark(instanceId: string, jobId: string, change: (activity: StackActivityRecord) => StackActivityRecord): Promise<void> {
    return this.store.unitOfWork(async (tx) => {
      const row = await tx.stacks.lockInstance(instanceId);
      if (row?.activity?.jobId !== jobId) return;
      await tx.stacks.updateInstance(instanceId, { activity: change(row.activity) });
    });
  }
}

/**
 * The only module that imports `pg-boss` (the shared server's job queue), so the library can be
 * upgraded or replaced in one place. It offers what Nimbus uses of it: one queue, sending a job
 * under a given id, N workers that each run one job at a time, and stopping.
 *
 * pg-boss keeps its own tables in the `pgboss` schema of the database and migrates them itself.
 * Nimbus never lets it retry a job (a deploy is not repeated blindly): a job whose worker died is
 * recovered by Nimbus' own supervisor through the deploy journal.
 */
import PgBoss from 'pg-boss';

/** A queue on one database and the workers of this process on it. */
export interface BossQueue {
  /** Queues `data` as job `id` (a UUID); resolves once it is stored. */
  send(id: string, data: object): Promise<void>;
  /** Starts `count` workers, each running `handler` for one job at a time. */
  work(count: number, handler: (data: unknown) => Promise<void>): Promise<void>;
  /** What job `id` was sent with, or null when the queue has no such job (any longer). */
  data(id: string): Promise<unknown>;
  /** Ends a job pg-boss still shows as active (its worker died and Nimbus recovered it). */
  fail(id: string, reason: string): Promise<void>;
  /** How many jobs wait for a worker (queued, not yet taken). */
  waiting(): Promise<number>;
  /** Stops fetching jobs; handlers already running go on. */
  stopWorkers(): Promise<void>;
  /** Stops everything and closes its connections, waiting up to `timeoutMs` for running handlers. */
  stop(timeoutMs: number): Promise<void>;
}

/** How long pg-boss lets a job run before it calls it expired (its limit is under a day); Nimbus' liveness does not rely on it. */
const EXPIRE_SECONDS = 23 * 60 * 60;

/** Opens the queue `name` on `url`, creating pg-boss' schema and the queue when missing. */
export async function openBossQueue(
  url: string,
  name: string,
  options: { pollingIntervalSeconds: number; onError: (error: Error) => void },
): Promise<BossQueue> {
  const boss = new PgBoss({
    connectionString: url,
    application_name: 'nimbus-job-queue',
    max: 4,
    schedule: false,
    retryLimit: 0,
    expireInSeconds: EXPIRE_SECONDS,
  });
  boss.on('error', options.onError);
  await boss.start();
  try {
    await boss.createQueue(name, { name, policy: 'standard', retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
  } catch (error) {
    await boss.stop({ graceful: false, wait: true, close: true });
    throw error;
  }
  const workers: string[] = [];
  return {
    async send(id, data) {
      await boss.send(name, data, { id, retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
      // This process's own idle workers take it at once rather than at their next poll.
      for (const worker of workers) boss.notifyWorker(worker);
    },
    async work(count, handler) {
      for (let index = 0; index < count; index += 1) {
        workers.push(
          await boss.work(name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds }, async (jobs) => {
            for (const job of jobs) await handler(job.data);
          }),
        );
      }
    },
    async data(id) {
      return (await boss.getJobById(name, id, { includeArchive: true }))?.data ?? null;
    },
    async waiting() {
      return boss.getQueueSize(name);
    },
    async fail(id, reason) {
      await boss.fail(name, id, { reason });
    },
    async stopWorkers() {
      if (workers.length > 0) await boss.offWork(name);
      workers.length = 0;
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
    },
  };
}

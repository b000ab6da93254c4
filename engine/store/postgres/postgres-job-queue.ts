/**
 * The shared server's job queue: jobs go through pg-boss on the server's PostgreSQL, so any Nimbus
 * process with workers runs any job; every process hears every job's events and cancellations
 * (LISTEN/NOTIFY); and the jobs of a process that died are recovered by another, once.
 *
 * Liveness without a protocol of our own: a process holds one PostgreSQL session for the queue, and
 * a session advisory lock on it for every job it runs (taken before the job's claim row is written,
 * released after its outcome is stored). A process that dies loses its session, so PostgreSQL frees
 * its locks at once. A job the store shows running, claimed, whose lock nobody holds, is an orphan:
 * the supervisor of a process with workers (one process at a time, under a recovery lock) takes the
 * orphan's lock itself, runs the deploy journal's recovery, and records the job's outcome.
 */
import { randomUUID } from 'node:crypto';
import type { JobEvent } from '../../api/schemas/jobs.js';
import { NimbusError } from '../../errors.js';
import type { ClaimOutcome, JobQueue, JobQueueHost, OrphanJob, QueuedJob } from '../../jobs/job-queue.js';
import { discardLogger, logFailure, type Logger } from '../../logging/logger.js';
import { isProcessAlive } from '../../system/process-alive.js';
import { createPgPool, describeDatabase, type PgClient, type PgPool } from './pg.js';
import { openBossQueue, type BossQueue } from './pg-boss.js';

/** How a process joins the shared server's queue. */
export interface PostgresJobQueueOptions {
  /** Jobs this process runs at once (0: it serves requests and queues jobs, others run them). */
  workers: number;
  /** How often a process with workers looks for jobs whose process died (default 5 s). */
  recoveryIntervalMs?: number;
  /** How often idle workers look for queued jobs (default 1 s; jobs queued by this process are taken at once). */
  pollingIntervalSeconds?: number;
  logger?: Logger;
}

/** The pg-boss queue every Nimbus job goes through. */
const QUEUE = 'nimbus-jobs';
/** Channels: a stored job event (`instance jobId seq`), a cancellation (`jobId`). */
const EVENTS_CHANNEL = 'nimbus_job_events';
const CANCEL_CHANNEL = 'nimbus_job_cancel';
const BROADCAST_CHANNEL = 'nimbus_broadcast';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_BROADCAST_BYTES = 7_900;
/** The advisory lock one process at a time holds while it recovers orphaned jobs. */
const RECOVERY_LOCK = "hashtextextended('nimbus.job-recovery', 0)";
/** The advisory lock (64-bit key) a job's process holds while the job runs. */
const JOB_LOCK = (parameter: string) => `hashtextextended('nimbus.job:' || ${parameter}, 0)`;
/** Whether some session holds job `$n`'s lock (a 64-bit key shows in pg_locks as classid:objid, objsubid 1). */
const JOB_LOCK_HELD = (parameter: string) => `EXISTS (
  SELECT 1 FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = ${JOB_LOCK(parameter)})`;

/** The queue could not be opened or refused a job. */
export class JobQueueUnavailableError extends NimbusError {
  override name = 'JobQueueUnavailableError';
}

/**
 * Opens this process's side of the shared server's queue on `url`: the pg-boss queue, the session
 * that holds job locks and listens, and (with workers) the supervisor. Pass it to `createEngine`
 * (`jobQueue`), which starts it with the engine's job manager and disposes it.
 */
export async function openPostgresJobQueue(url: string, options: PostgresJobQueueOptions): Promise<JobQueue> {
  if (!Number.isInteger(options.workers) || options.workers < 0)
    throw new JobQueueUnavailableError('invalid_input', `Workers must be a whole number of 0 or more, not ${options.workers}`, {});
  const logger = options.logger ?? discardLogger;
  const pool = createPgPool(url, { max: 3 });
  // The queue's own reads (claims, orphans) concern jobs of every tenant: the engine's own work,
  // which row-level security lets see every row (see context/tenant-scope.ts).
  pool.on('connect', (client) => void client.query("SELECT set_config('nimbus.engine_work', 'on', false)").catch(() => undefined));
  let session: PgClient | undefined;
  let boss: BossQueue | undefined;
  try {
    session = await pool.connect();
    boss = await openBossQueue(url, QUEUE, {
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      onError: (error) => logFailure(logger, 'warn', 'The job queue reported an error', error),
    });
  } catch (error) {
    session?.release(true);
    await pool.end();
    throw new JobQueueUnavailableError(
      'job_queue_unavailable',
      `The job queue on ${describeDatabase(url)} cannot be opened: ${(error as Error).message}`,
      {},
    );
  }
  return new PostgresJobQueue(pool, session, boss, options, logger);
}

class PostgresJobQueue implements JobQueue {
  readonly distributed = true;
  readonly instanceId = randomUUID();
  private host: JobQueueHost | undefined;
  private supervisor: NodeJS.Timeout | undefined;
  /** The recovery under way in this process: a second caller joins it. */
  private recovering: Promise<void> | undefined;
  /** Orphans this process is recovering: their locks are held here, yet their holders count as dead. */
  private readonly orphans = new Set<string>();
  /** Jobs this process holds the lock of, to release them all should the session fail. */
  private readonly claimed = new Set<string>();
  private closed = false;

  constructor(
    private readonly pool: PgPool,
    private readonly session: PgClient,
    private readonly boss: BossQueue,
    private readonly options: PostgresJobQueueOptions,
    private readonly logger: Logger,
  ) {}

  async start(host: JobQueueHost): Promise<void> {
    this.host = host;
    this.session.on('notification', (message) => this.heard(message.channel, message.payload ?? ''));
    // Losing the session frees this process's job locks: its jobs would be recovered by another
    // process while still running here, so they are stopped.
    this.session.on('error', (error) => {
      if (this.closed) return;
      logFailure(this.logger, 'error', 'The job queue lost its database session; the jobs running here are stopped', error);
      for (const id of this.claimed) host.abort(id);
    });
    await this.session.query(`LISTEN ${EVENTS_CHANNEL}`);
    await this.session.query(`LISTEN ${CANCEL_CHANNEL}`);
    await this.session.query(`LISTEN ${BROADCAST_CHANNEL}`);
  }

  async startWorkers(): Promise<void> {
    const host = this.host;
    if (!host || this.closed || this.supervisor) return;
    if (this.options.workers > 0) {
      await this.boss.work(this.options.workers, async (data) => host.execute(data as QueuedJob));
      this.supervisor = setInterval(() => {
        this.recoverNow(false).catch((error: unknown) => logFailure(this.logger, 'error', 'Recovering orphaned jobs failed', error));
      }, this.options.recoveryIntervalMs ?? 5_000);
      this.supervisor.unref();
    }
  }

  async enqueue(job: QueuedJob): Promise<void> {
    try {
      await this.boss.send(job.id, job);
    } catch (error) {
      throw new JobQueueUnavailableError('job_queue_unavailable', `The job could not be queued: ${(error as Error).message}`, {
        jobId: job.id,
      });
    }
  }

  async claim(jobId: string): Promise<ClaimOutcome> {
    // Locks are re-entrant within a session: a job this process already holds is not taken twice.
    if (this.claimed.has(jobId) || this.orphans.has(jobId)) return 'elsewhere';
    const locked = await this.session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${JOB_LOCK('$1')}) AS locked`, [jobId]);
    // Held elsewhere: another process runs (or recovers) it.
    if (!locked.rows[0]?.locked) return 'elsewhere';
    this.claimed.add(jobId);
    const claim = await this.pool
      .query<{ cancel_requested: boolean; status: string }>(
        `WITH claim AS (
         INSERT INTO job_claims (job_id, instance, claimed_at) VALUES ($1, $2, now())
         ON CONFLICT (job_id) DO UPDATE SET instance = EXCLUDED.instance, claimed_at = EXCLUDED.claimed_at
         RETURNING job_id, cancel_requested)
       SELECT claim.cancel_requested, jobs.status FROM claim JOIN jobs ON jobs.id = claim.job_id`,
        [jobId, this.instanceId],
      )
      .catch(async (error: unknown) => {
        await this.release(jobId).catch(() => undefined);
        throw error;
      });
    const row = claim.rows[0];
    if (row && !row.cancel_requested && row.status === 'running') return 'claimed';
    await this.release(jobId);
    return 'cancelled';
  }

  async adopt(jobId: string): Promise<void> {
    if (!this.orphans.delete(jobId)) throw new Error(`Job ${jobId} is not an orphan this process recovers`);
    this.claimed.add(jobId);
    await this.pool.query('UPDATE job_claims SET instance = $2, claimed_at = now() WHERE job_id = $1', [jobId, this.instanceId]);
  }

  async release(jobId: string): Promise<void> {
    if (!this.claimed.delete(jobId)) return;
    await this.session.query(`SELECT pg_advisory_unlock(${JOB_LOCK('$1')})`, [jobId]);
  }

  async holderAlive(pid: number, jobId: string | null): Promise<boolean> {
    // A holder without a job (none is written today) is judged by its process, on this host.
    if (jobId === null) return isProcessAlive(pid);
    if (this.orphans.has(jobId)) return false;
    const held = await this.pool.query<{ held: boolean }>(`SELECT ${JOB_LOCK_HELD('$1')} AS held`, [jobId]);
    return held.rows[0]?.held === true;
  }

  async requestCancel(jobId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO job_claims (job_id, cancel_requested) VALUES ($1, true)
       ON CONFLICT (job_id) DO UPDATE SET cancel_requested = true`,
      [jobId],
    );
    await this.pool.query('SELECT pg_notify($1, $2)', [CANCEL_CHANNEL, jobId]);
  }

  announce(event: JobEvent): void {
    if (this.closed) return;
    this.session
      .query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${this.instanceId} ${event.jobId} ${event.seq}`])
      .catch((error: unknown) => logFailure(this.logger, 'warn', 'A job event could not be announced to the other processes', error));
  }

  /**
   * Recovers orphaned jobs, one process at a time: under the recovery lock, takes the lock of every
   * claimed running job nobody holds, hands them to the host, and records who recovered them.
   * `always`: hand the host an empty list too (the check on start, which also looks for leftovers
   * without a job).
   */
  recoverNow(always = true): Promise<void> {
    if (this.recovering) return this.recovering;
    const run = this.recoverOnce(always).finally(() => {
      this.recovering = undefined;
    });
    this.recovering = run;
    return run;
  }

  private async recoverOnce(always: boolean): Promise<void> {
    if (this.closed || !this.host) return;
    const got = await this.session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${RECOVERY_LOCK}) AS locked`);
    // Another process is recovering: it finds whatever this one would.
    if (!got.rows[0]?.locked) return;
    const held: string[] = [];
    try {
      const candidates = await this.pool.query<{ job_id: string }>(
        `SELECT c.job_id FROM job_claims c JOIN jobs j ON j.id = c.job_id
         WHERE j.status = 'running' AND c.instance IS NOT NULL AND NOT ${JOB_LOCK_HELD('c.job_id')}`,
      );
      for (const { job_id: id } of candidates.rows) {
        const locked = await this.session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${JOB_LOCK('$1')}) AS locked`, [id]);
        if (!locked.rows[0]?.locked) continue;
        held.push(id);
        this.orphans.add(id);
      }
      if (held.length === 0 && !always) return;
      if (held.length > 0) {
        this.logger.warn('interrupted', `Recovering ${held.length} job(s) whose Nimbus process stopped`, { jobIds: held.join(',') });
        await this.pool.query('UPDATE job_claims SET recovered_by = $2 WHERE job_id = ANY($1)', [held, this.instanceId]);
      }
      const orphans: OrphanJob[] = [];
      for (const id of held) {
        // A job run by its own process (not through pg-boss) has no queued form: it is not continued.
        const data = (await this.boss.data(id).catch(() => null)) as QueuedJob | null;
        orphans.push({ id, queued: data && data.id === id ? data : null });
      }
      await this.host.recoverOrphans(orphans);
      for (const id of held)
        await this.boss.fail(id, 'its Nimbus process stopped; recovered by another').catch(() => {
          // Already ended in pg-boss (expired, or never started there: a job run by its own process).
        });
    } finally {
      for (const id of held) {
        // An adopted job stays locked: it runs here now.
        if (!this.orphans.delete(id)) continue;
        await this.session.query(`SELECT pg_advisory_unlock(${JOB_LOCK('$1')})`, [id]).catch(() => undefined);
      }
      await this.session.query(`SELECT pg_advisory_unlock(${RECOVERY_LOCK})`).catch(() => undefined);
    }
  }

  waiting(): Promise<number> {
    return this.boss.waiting();
  }

  async stopWorkers(): Promise<void> {
    if (this.supervisor) clearInterval(this.supervisor);
    this.supervisor = undefined;
    await this.boss.stopWorkers();
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    await this.stopWorkers();
    await this.recovering?.catch(() => undefined);
    this.closed = true;
    this.host = undefined;
    await this.boss.stop(10_000);
    this.session.release();
    await this.pool.end();
  }

  /** Topic listeners of other processes' broadcasts. */
  private readonly broadcastListeners = new Set<(topic: string, payload: string) => void>();

  broadcast(topic: string, payload: string): void {
    const message = `${this.instanceId} ${topic} ${payload}`;
    if (Buffer.byteLength(message) > MAX_BROADCAST_BYTES) {
      this.logger.warn('internal', `A ${topic} broadcast of ${Buffer.byteLength(message)} bytes is too large for the other processes`);
      return;
    }
    void this.pool
      .query('SELECT pg_notify($1, $2)', [BROADCAST_CHANNEL, message])
      .catch((error: unknown) => logFailure(this.logger, 'warn', `A ${topic} broadcast could not reach the other processes`, error));
  }

  onBroadcast(listener: (topic: string, payload: string) => void): () => void {
    this.broadcastListeners.add(listener);
    return () => this.broadcastListeners.delete(listener);
  }

  private heard(channel: string, payload: string): void {
    if (channel === BROADCAST_CHANNEL) {
      const [instance, topic] = payload.split(' ', 2);
      if (!instance || !topic || instance === this.instanceId) return;
      const body = payload.slice(instance.length + topic.length + 2);
      for (const listener of this.broadcastListeners) {
        try {
          listener(topic, body);
        } catch (error) {
          logFailure(this.logger, 'warn', `A listener of ${topic} broadcasts failed`, error);
        }
      }
      return;
    }
    const host = this.host;
    if (!host) return;
    if (channel === CANCEL_CHANNEL) {
      host.abort(payload);
      return;
    }
    const [instance, jobId, seq] = payload.split(' ');
    if (!jobId || instance === this.instanceId || !/^\d+$/.test(seq ?? '')) return;
    host.remoteEvent(jobId, Number(seq));
  }
}

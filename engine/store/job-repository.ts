import type { Job, JobEvent, JobEventBody, JobStatus, WireError } from '../api/schemas/jobs.js';
import { NotFoundError } from '../errors.js';
import { isProcessAlive } from '../system/process-alive.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, parentTenant } from './rows/tenant-sql.js';
import { sqliteColumns } from './rows/decode.js';
import { type JobRow, toJob as decodeJob } from './rows/job-rows.js';

const toJob = (row: JobRow) => decodeJob(row, sqliteColumns);

/** Job records and their event log, written as the job runs so the outcome survives a restart. */
export class JobRepository {
  private readonly insertJob;
  private readonly finishJob;
  private readonly insertEvent;
  private readonly selectJob;
  private readonly jobVisible;
  private readonly selectJobs;
  private readonly selectEvents;
  private readonly selectRunning;
  private readonly interruptOne;

  constructor(private readonly db: SqliteDatabase) {
    this.insertJob = db.prepare(
      `INSERT INTO jobs (id, kind, title, status, created_at, pid, tenant) VALUES (@id, @kind, @title, 'running', @createdAt, @pid, ${NEW_TENANT})`,
    );
    this.finishJob = db.prepare(
      `UPDATE jobs SET status = @status, finished_at = @finishedAt, error = @error, result = @result WHERE id = @id AND ${own()}`,
    );
    this.insertEvent = db.prepare(
      `INSERT INTO job_events (job_id, seq, at, body, tenant) VALUES (@jobId, @seq, @at, @body, ${parentTenant('jobs', '@jobId')})`,
    );
    this.selectJob = db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE id = ? AND ${own()}`);
    this.jobVisible = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM jobs WHERE id = ? AND ${own()}`);
    this.selectJobs = db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE ${own()} ORDER BY created_at DESC, rowid DESC LIMIT ?`);
    this.selectEvents = db.prepare<[string], { job_id: string; seq: number; at: string; body: string }>(
      `SELECT * FROM job_events WHERE job_id = ? AND ${own()} ORDER BY seq`,
    );
    this.selectRunning = db.prepare<[], { id: string; pid: number | null }>(
      `SELECT id, pid FROM jobs WHERE status = 'running' AND ${own()}`,
    );
    this.interruptOne = db.prepare(
      `UPDATE jobs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running' AND ${own()}`,
    );
  }

  create(job: { id: string; kind: string; title: string; createdAt: string }): void {
    this.insertJob.run({ ...job, pid: process.pid });
  }

  finish(id: string, status: Exclude<JobStatus, 'running'>, finishedAt: string, error: WireError | null, result: unknown): void {
    this.finishJob.run({
      id,
      status,
      finishedAt,
      error: error ? JSON.stringify(error) : null,
      result: result === undefined || result === null ? null : JSON.stringify(result),
    });
  }

  appendEvent(event: JobEvent): void {
    const { jobId, seq, at, ...body } = event;
    this.insertEvent.run({ jobId, seq, at, body: JSON.stringify(body) });
  }

  get(id: string): Job {
    const row = this.selectJob.get(id);
    if (!row) throw new NotFoundError('Job', id);
    return toJob(row);
  }

  visible(id: string): boolean {
    return this.jobVisible.get(id) !== undefined;
  }

  list(limit = 200): Job[] {
    return this.selectJobs.all(limit).map(toJob);
  }

  countByStatus(): Partial<Record<JobStatus, number>> {
    const rows = this.db
      .prepare<[], { status: JobStatus; count: number }>(`SELECT status, count(*) AS count FROM jobs WHERE ${own()} GROUP BY status`)
      .all();
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  events(id: string): JobEvent[] {
    return this.selectEvents.all(id).map((row) => ({
      jobId: row.job_id,
      seq: row.seq,
      at: row.at,
      ...(JSON.parse(row.body) as JobEventBody),
    }));
  }

  /** Marks jobs left running by a previous process as interrupted; returns how many there were. */
  /** Rewrites the process of a job; tests use it to stand for a process that died. */
  setPidForTest(id: string, pid: number): void {
    this.db.prepare(`UPDATE jobs SET pid = ? WHERE id = ? AND ${own()}`).run(pid, id);
  }

  /**
   * Marks running jobs whose process is gone as interrupted; a job another live process (the app
   * beside a CLI command) is running stays running.
   */
  markInterrupted(at: string): number {
    const orphaned = this.selectRunning.all().filter((job) => job.pid === null || !isProcessAlive(job.pid));
    return this.db.transaction(() => orphaned.reduce((count, job) => count + this.interruptOne.run(at, job.id).changes, 0))();
  }
}

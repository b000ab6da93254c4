import type { Job, JobEvent, JobEventBody, JobStatus, WireError } from '../../api/schemas/jobs.js';
import { own } from '../rows/tenant-sql.js';
import { NotFoundError } from '../../errors.js';
import { isProcessAlive } from '../../system/process-alive.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import { type JobRow, toJob as decodeJob } from '../rows/job-rows.js';

const toJob = (row: JobRow) => decodeJob(row, postgresColumns);

/** Job records and their event log, written as the job runs so the outcome survives a restart. */
export class PgJobRepository {
  async create(sql: Sql, job: { id: string; kind: string; title: string; createdAt: string }): Promise<void> {
    await sql.run(`INSERT INTO jobs (id, kind, title, status, created_at, pid) VALUES ($1, $2, $3, 'running', $4, $5)`, [
      job.id,
      job.kind,
      job.title,
      job.createdAt,
      process.pid,
    ]);
  }

  async finish(
    sql: Sql,
    id: string,
    status: Exclude<JobStatus, 'running'>,
    finishedAt: string,
    error: WireError | null,
    result: unknown,
  ): Promise<void> {
    await sql.run(`UPDATE jobs SET status = $2, finished_at = $3, error = $4::jsonb, result = $5::jsonb WHERE id = $1 AND ${own()}`, [
      id,
      status,
      finishedAt,
      error ? json(error) : null,
      result === undefined || result === null ? null : json(result),
    ]);
  }

  async appendEvent(sql: Sql, event: JobEvent): Promise<void> {
    const { jobId, seq, at, ...body } = event;
    await sql.run('INSERT INTO job_events (job_id, seq, at, body) VALUES ($1, $2, $3, $4::jsonb)', [jobId, seq, at, json(body)]);
  }

  async get(sql: Sql, id: string): Promise<Job> {
    const row = await sql.row<JobRow>(`SELECT * FROM jobs WHERE id = $1 AND ${own()}`, [id]);
    if (!row) throw new NotFoundError('Job', id);
    return toJob(row);
  }

  async visible(sql: Sql, id: string): Promise<boolean> {
    return (await sql.row<{ one: number }>(`SELECT 1 AS one FROM jobs WHERE id = $1 AND ${own()}`, [id])) !== undefined;
  }

  async list(sql: Sql, limit = 200): Promise<Job[]> {
    return (await sql.rows<JobRow>(`SELECT * FROM jobs WHERE ${own()} ORDER BY created_at DESC, seq DESC LIMIT $1`, [limit])).map(toJob);
  }

  async countByStatus(sql: Sql): Promise<Partial<Record<JobStatus, number>>> {
    const rows = await sql.rows<{ status: JobStatus; count: number }>(
      `SELECT status, count(*)::int AS count FROM jobs WHERE ${own()} GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  async events(sql: Sql, id: string): Promise<JobEvent[]> {
    const rows = await sql.rows<{ job_id: string; seq: number; at: string; body: JobEventBody }>(
      `SELECT * FROM job_events WHERE job_id = $1 AND ${own()} ORDER BY seq`,
      [id],
    );
    return rows.map((row) => ({ jobId: row.job_id, seq: row.seq, at: row.at, ...row.body }));
  }

  /** Marks running jobs whose process is gone as interrupted; another live process's running job stays running. */
  async markInterrupted(sql: Sql, at: string): Promise<number> {
    const running = await sql.rows<{ id: string; pid: number | null }>(`SELECT id, pid FROM jobs WHERE status = 'running' AND ${own()}`);
    let count = 0;
    for (const job of running.filter((candidate) => candidate.pid === null || !isProcessAlive(candidate.pid))) {
      count += await sql.run(`UPDATE jobs SET status = 'interrupted', finished_at = $2 WHERE id = $1 AND status = 'running' AND ${own()}`, [
        job.id,
        at,
      ]);
    }
    return count;
  }
}

import type { JournalEntry } from '../../api/schemas/deployments.js';
import { own } from '../rows/tenant-sql.js';
import type { DeployLock, LockAttempt, OpenJournalEntry } from '../ports/deployment-records.js';
import type { Sql } from './sql.js';
import type { JournalRow, LockRow, OpenJournalRow } from '../rows/deployment-rows.js';
import { toDeployLock, toJournalEntry, toOpenJournalEntry } from '../rows/deployment-rows.js';

const now = (): string => new Date().toISOString();

/**
 * The deployment journal and the per-environment deploy locks. A lock is a row keyed by its
 * environment: taking it is one `INSERT … ON CONFLICT DO NOTHING`, so of any number of attempts
 * running side by side exactly one inserts (the others wait for its transaction, then see its row).
 */
export class PgJournalRepository {
  /** Writes the journal row before a Pulumi operation starts; the returned id closes it. */
  async openJournal(sql: Sql, deploymentId: string, operation: string, jobId: string | null): Promise<number> {
    const row = await sql.row<{ id: number }>(
      'INSERT INTO deployment_journal (deployment_id, job_id, operation, pid, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [deploymentId, jobId, operation, process.pid, now()],
    );
    return row!.id;
  }

  async closeJournal(sql: Sql, id: number, outcome: string): Promise<void> {
    await sql.run(`UPDATE deployment_journal SET finished_at = $2, outcome = $3 WHERE id = $1 AND ${own()}`, [id, now(), outcome]);
  }

  async unfinishedJournal(sql: Sql): Promise<OpenJournalEntry[]> {
    const rows = await sql.rows<OpenJournalRow>(`SELECT * FROM deployment_journal WHERE finished_at IS NULL AND ${own()} ORDER BY id`);
    return rows.map(toOpenJournalEntry);
  }

  /** The journal of one deployment, newest first. */
  async journal(sql: Sql, deploymentId: string): Promise<JournalEntry[]> {
    const rows = await sql.rows<JournalRow>(`SELECT * FROM deployment_journal WHERE deployment_id = $1 AND ${own()} ORDER BY id DESC`, [
      deploymentId,
    ]);
    return rows.map(toJournalEntry);
  }

  /** Takes the deploy lock of an environment, or returns who holds it. */
  async tryLock(sql: Sql, environment: string, jobId: string | null): Promise<LockAttempt> {
    // The holder may unlock between our refused insert and our read of it: then try again.
    for (;;) {
      const taken = await sql.run(
        'INSERT INTO deploy_locks (environment, job_id, pid, acquired_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant, environment) DO NOTHING',
        [environment, jobId, process.pid, now()],
      );
      if (taken === 1) return { acquired: true };
      const held = await sql.row<LockRow>(`SELECT * FROM deploy_locks WHERE environment = $1 AND ${own()}`, [environment]);
      if (held) return { acquired: false, holder: { jobId: held.job_id, pid: held.pid, acquiredAt: held.acquired_at } };
    }
  }

  /** Releases a lock this process holds for `jobId`; a lock another holder took is left alone. */
  async unlock(sql: Sql, environment: string, jobId: string | null): Promise<void> {
    await sql.run(`DELETE FROM deploy_locks WHERE environment = $1 AND pid = $2 AND coalesce(job_id, '') = coalesce($3, '') AND ${own()}`, [
      environment,
      process.pid,
      jobId,
    ]);
  }

  async locks(sql: Sql): Promise<DeployLock[]> {
    const rows = await sql.rows<LockRow>(`SELECT * FROM deploy_locks WHERE ${own()} ORDER BY environment`);
    return rows.map(toDeployLock);
  }

  /** Removes a lock whose holder is gone. */
  async breakLock(sql: Sql, environment: string): Promise<void> {
    await sql.run(`DELETE FROM deploy_locks WHERE environment = $1 AND ${own()}`, [environment]);
  }
}

import type { JournalEntry } from '../api/schemas/deployments.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, parentTenant } from './rows/tenant-sql.js';
import type { OpenJournalEntry, DeployLock, LockAttempt } from './ports/deployment-records.js';
export type { OpenJournalEntry, DeployLock, LockAttempt } from './ports/deployment-records.js';
import type { JournalRow, LockRow, OpenJournalRow } from './rows/deployment-rows.js';
import { toDeployLock, toJournalEntry, toOpenJournalEntry } from './rows/deployment-rows.js';

const now = (): string => new Date().toISOString();

/**
 * The deployment journal (a row written before each Pulumi operation and closed after it) and the
 * per-environment deploy locks: together they are what crash recovery reads after a restart.
 */
export class JournalRepository {
  private readonly s;

  constructor(private readonly db: SqliteDatabase) {
    this.s = {
      journalOpen: db.prepare(
        `INSERT INTO deployment_journal (deployment_id, job_id, operation, pid, started_at, tenant)
         VALUES (@deploymentId, @jobId, @operation, @pid, @at, ${parentTenant('deployments', '@deploymentId')})`,
      ),
      journalClose: db.prepare(`UPDATE deployment_journal SET finished_at = ?, outcome = ? WHERE id = ? AND ${own()}`),
      journalUnfinished: db.prepare<[], OpenJournalRow>(
        `SELECT * FROM deployment_journal WHERE finished_at IS NULL AND ${own()} ORDER BY id`,
      ),
      journalOf: db.prepare<[string], JournalRow>(`SELECT * FROM deployment_journal WHERE deployment_id = ? AND ${own()} ORDER BY id DESC`),
      lock: db.prepare<[string], LockRow>(`SELECT * FROM deploy_locks WHERE environment = ? AND tenant = ${NEW_TENANT}`),
      takeLock: db.prepare(`INSERT INTO deploy_locks (tenant, environment, job_id, pid, acquired_at) VALUES (${NEW_TENANT}, ?, ?, ?, ?)`),
      dropLock: db.prepare(
        `DELETE FROM deploy_locks WHERE environment = ? AND pid = ? AND coalesce(job_id, '') = coalesce(?, '') AND tenant = ${NEW_TENANT}`,
      ),
      allLocks: db.prepare<[], LockRow>(`SELECT * FROM deploy_locks WHERE ${own()}`),
      breakLock: db.prepare(`DELETE FROM deploy_locks WHERE environment = ? AND ${own()}`),
    };
  }

  /** Writes the journal row before a Pulumi operation starts; the returned id closes it. */
  openJournal(deploymentId: string, operation: string, jobId: string | null): number {
    return Number(this.s.journalOpen.run({ deploymentId, jobId, operation, pid: process.pid, at: now() }).lastInsertRowid);
  }

  closeJournal(id: number, outcome: string): void {
    this.s.journalClose.run(now(), outcome, id);
  }

  unfinishedJournal(): OpenJournalEntry[] {
    return this.s.journalUnfinished.all().map(toOpenJournalEntry);
  }

  /** The journal of one deployment, newest first. */
  journal(deploymentId: string): JournalEntry[] {
    return this.s.journalOf.all(deploymentId).map(toJournalEntry);
  }

  /** Takes the deploy lock of an environment, or returns who holds it. */
  tryLock(environment: string, jobId: string | null): LockAttempt {
    return this.db
      .transaction((): LockAttempt => {
        const held = this.s.lock.get(environment);
        if (held) return { acquired: false, holder: { jobId: held.job_id, pid: held.pid, acquiredAt: held.acquired_at } };
        this.s.takeLock.run(environment, jobId, process.pid, now());
        return { acquired: true };
      })
      .immediate();
  }

  /** Releases a lock this process holds for `jobId`; a lock another holder took is left alone. */
  unlock(environment: string, jobId: string | null): void {
    this.s.dropLock.run(environment, process.pid, jobId);
  }

  locks(): DeployLock[] {
    return this.s.allLocks.all().map(toDeployLock);
  }

  /** Removes a lock whose holder is gone. */
  breakLock(environment: string): void {
    this.s.breakLock.run(environment);
  }
}

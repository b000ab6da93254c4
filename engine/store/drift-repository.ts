import type { DriftChange, DriftEntry, DriftRecord } from '../api/schemas/deployments.js';
import type { SqliteDatabase } from './sqlite.js';
import { own, parentTenant } from './rows/tenant-sql.js';
import type { DriftResolution } from './ports/deployment-records.js';
export type { DriftResolution } from './ports/deployment-records.js';
import { sqliteColumns } from './rows/decode.js';
import { type DriftRow, toDriftRecord as decodeDrift } from './rows/deployment-rows.js';

const toDriftRecord = (row: DriftRow) => decodeDrift(row, sqliteColumns);

const now = (): string => new Date().toISOString();

/** The drift history of deployments, folded to changes, and the `drifted` flag it keeps on each deployment. */
export class DriftRepository {
  private readonly s;

  constructor(private readonly db: SqliteDatabase) {
    this.s = {
      driftInsert: db.prepare(
        `INSERT INTO drift_records (deployment_id, job_id, checked_at, last_checked_at, checks, change, note, drifted, entries, tenant)
         VALUES (@deploymentId, @jobId, @at, @at, 1, @change, @note, @drifted, @entries, ${parentTenant('deployments', '@deploymentId')})`,
      ),
      driftRepeat: db.prepare(`UPDATE drift_records SET checks = checks + 1, last_checked_at = ?, job_id = ? WHERE id = ? AND ${own()}`),
      driftLatest: db.prepare<[string], DriftRow>(
        `SELECT * FROM drift_records WHERE deployment_id = ? AND ${own()} ORDER BY id DESC LIMIT 1`,
      ),
      driftById: db.prepare<[number], DriftRow>(`SELECT * FROM drift_records WHERE id = ? AND ${own()}`),
      driftOf: db.prepare<[string], DriftRow>(`SELECT * FROM drift_records WHERE deployment_id = ? AND ${own()} ORDER BY id DESC`),
      driftAll: db.prepare<[], DriftRow>(`SELECT * FROM drift_records WHERE ${own()} ORDER BY id DESC LIMIT 1000`),
      setDrifted: db.prepare(`UPDATE deployments SET drifted = ? WHERE id = ? AND ${own()}`),
    };
  }

  /**
   * Records what a drift check found. The history keeps changes, not checks: when the deployment's
   * latest record already says the same (same drift, or in sync again), that record counts one more
   * check instead of a new row being written. A repair or accept (`resolution`) always writes a row.
   * The deployment's `drifted` flag follows in the same transaction.
   */
  recordDrift(deploymentId: string, jobId: string | null, entries: DriftEntry[], resolution?: DriftResolution): DriftRecord {
    return this.db
      .transaction(() => {
        const at = now();
        const drifted = entries.length > 0;
        const json = JSON.stringify(entries);
        const latest = this.s.driftLatest.get(deploymentId);
        this.s.setDrifted.run(drifted ? 1 : 0, deploymentId);
        if (!resolution && latest && (latest.drifted === 1) === drifted && latest.entries === json) {
          this.s.driftRepeat.run(at, jobId, latest.id);
          return toDriftRecord(this.s.driftById.get(latest.id)!);
        }
        const change: DriftChange =
          resolution && !drifted
            ? resolution.change
            : drifted
              ? latest?.drifted === 1
                ? 'drift-changed'
                : 'drift-found'
              : latest?.drifted === 1
                ? 'back-in-sync'
                : 'in-sync';
        const id = Number(
          this.s.driftInsert.run({
            deploymentId,
            jobId,
            at,
            change,
            note: resolution?.note ?? null,
            drifted: drifted ? 1 : 0,
            entries: json,
          }).lastInsertRowid,
        );
        return toDriftRecord(this.s.driftById.get(id)!);
      })
      .immediate();
  }

  /** The newest drift record of a deployment, if it was ever checked. */
  latestDrift(deploymentId: string): DriftRecord | undefined {
    const row = this.s.driftLatest.get(deploymentId);
    return row ? toDriftRecord(row) : undefined;
  }

  /** The drift history of one deployment, or the newest 1000 records of all, newest first. */
  driftRecords(deploymentId?: string): DriftRecord[] {
    const rows = deploymentId ? this.s.driftOf.all(deploymentId) : this.s.driftAll.all();
    return rows.map(toDriftRecord);
  }
}

import type { DriftChange, DriftEntry, DriftRecord } from '../../api/schemas/deployments.js';
import { own } from '../rows/tenant-sql.js';
import type { DriftResolution } from '../ports/deployment-records.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import { type DriftRow, toDriftRecord as decodeDrift } from '../rows/deployment-rows.js';

const toDriftRecord = (row: DriftRow) => decodeDrift(row, postgresColumns);

/** The drift history of deployments, folded to changes, and the `drifted` flag it keeps on each deployment. */
export class PgDriftRepository {
  /**
   * Records what a drift check found: a check that finds what the latest record says counts on that
   * record; a change, or a repair or accept (`resolution`), writes a row. Setting the deployment's
   * `drifted` flag first locks its row, so checks of one deployment running side by side take turns.
   */
  async recordDrift(
    sql: Sql,
    deploymentId: string,
    jobId: string | null,
    entries: DriftEntry[],
    resolution?: DriftResolution,
  ): Promise<DriftRecord> {
    const at = new Date().toISOString();
    const drifted = entries.length > 0;
    await sql.run(`UPDATE deployments SET drifted = $2 WHERE id = $1 AND ${own()}`, [deploymentId, drifted]);
    const latest = await sql.row<DriftRow & { same: boolean }>(
      `SELECT *, entries = $2::jsonb AS same FROM drift_records WHERE deployment_id = $1 AND ${own()} ORDER BY id DESC LIMIT 1`,
      [deploymentId, json(entries)],
    );
    if (!resolution && latest && latest.drifted === drifted && latest.same) {
      const row = await sql.row<DriftRow>(
        `UPDATE drift_records SET checks = checks + 1, last_checked_at = $2, job_id = $3 WHERE id = $1 AND ${own()} RETURNING *`,
        [latest.id, at, jobId],
      );
      return toDriftRecord(row!);
    }
    const change: DriftChange =
      resolution && !drifted
        ? resolution.change
        : drifted
          ? latest?.drifted
            ? 'drift-changed'
            : 'drift-found'
          : latest?.drifted
            ? 'back-in-sync'
            : 'in-sync';
    const row = await sql.row<DriftRow>(
      `INSERT INTO drift_records (deployment_id, job_id, checked_at, last_checked_at, checks, change, note, drifted, entries)
       VALUES ($1, $2, $3, $3, 1, $4, $5, $6, $7::jsonb) RETURNING *`,
      [deploymentId, jobId, at, change, resolution?.note ?? null, drifted, json(entries)],
    );
    return toDriftRecord(row!);
  }

  /** The newest drift record of a deployment, if it was ever checked. */
  async latestDrift(sql: Sql, deploymentId: string): Promise<DriftRecord | undefined> {
    const row = await sql.row<DriftRow>(`SELECT * FROM drift_records WHERE deployment_id = $1 AND ${own()} ORDER BY id DESC LIMIT 1`, [
      deploymentId,
    ]);
    return row && toDriftRecord(row);
  }

  /** The drift history of one deployment, or the newest 1000 records of all, newest first. */
  async driftRecords(sql: Sql, deploymentId?: string): Promise<DriftRecord[]> {
    const rows = deploymentId
      ? await sql.rows<DriftRow>(`SELECT * FROM drift_records WHERE deployment_id = $1 AND ${own()} ORDER BY id DESC`, [deploymentId])
      : await sql.rows<DriftRow>(`SELECT * FROM drift_records WHERE ${own()} ORDER BY id DESC LIMIT 1000`);
    return rows.map(toDriftRecord);
  }
}

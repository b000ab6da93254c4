import type { LeaseRecord } from '../ports/resolver-records.js';
import { type LeaseRow, toLease } from '../rows/lease-rows.js';
import { own } from '../rows/tenant-sql.js';
import type { Sql } from './sql.js';

/** Offline leases on the shared server. */
export class PgLeaseRepository {
  async insert(sql: Sql, lease: Omit<LeaseRecord, 'endedAt' | 'endedReason'>): Promise<void> {
    await sql.run(`INSERT INTO leases (id, environment, client, actor, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      lease.id,
      lease.environment,
      lease.client,
      lease.actor,
      lease.grantedAt,
      lease.expiresAt,
    ]);
  }

  async get(sql: Sql, id: string): Promise<LeaseRecord | undefined> {
    const row = await sql.row<LeaseRow>(`SELECT * FROM leases WHERE id = $1 AND ${own()}`, [id]);
    return row && toLease(row);
  }

  async list(sql: Sql, filter: { client?: string; live?: boolean }): Promise<LeaseRecord[]> {
    return (
      await sql.rows<LeaseRow>(
        `SELECT * FROM leases WHERE ($1::text IS NULL OR client = $1) AND (NOT $2 OR ended_at IS NULL) AND ${own()} ORDER BY granted_at DESC, id`,
        [filter.client ?? null, filter.live === true],
      )
    ).map(toLease);
  }

  async expired(sql: Sql, now: string): Promise<LeaseRecord[]> {
    return (
      await sql.rows<LeaseRow>(`SELECT * FROM leases WHERE ended_at IS NULL AND expires_at < $1 AND ${own()} ORDER BY expires_at`, [now])
    ).map(toLease);
  }

  async end(sql: Sql, id: string, at: string, reason: string): Promise<boolean> {
    const rows = await sql.rows(
      `UPDATE leases SET ended_at = $2, ended_reason = $3 WHERE id = $1 AND ended_at IS NULL AND ${own()} RETURNING id`,
      [id, at, reason],
    );
    return rows.length > 0;
  }
}

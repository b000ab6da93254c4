import type { NameRecord } from '../ports/resolver-records.js';
import { own } from '../rows/tenant-sql.js';
import { type NameRow, toName } from '../rows/naming-rows.js';
import type { Sql } from './sql.js';

/**
 * Issued names. A live name is unique per scope (a unique index). A unit of work that reads a
 * series' sequences first takes a transaction advisory lock on the series, so two units issuing the
 * next name of one series take turns instead of one failing on the index.
 */
export class PgNamingRepository {
  async usedSequences(sql: Sql, scope: string, series: string): Promise<number[]> {
    const key = JSON.stringify([scope, series]);
    if (sql.unit && !sql.unit.series.has(key)) {
      await sql.run("SELECT pg_advisory_xact_lock(hashtextextended('nimbus.naming' || $1, 0))", [key]);
      sql.unit.series.add(key);
    }
    const rows = await sql.rows<{ seq: number }>(
      `SELECT seq FROM naming_names WHERE scope = $1 AND series = $2 AND released_at IS NULL AND ${own()} ORDER BY seq`,
      [scope, series],
    );
    return rows.map((row) => row.seq);
  }

  async liveName(sql: Sql, scope: string, name: string): Promise<NameRecord | undefined> {
    const row = await sql.row<NameRow>(`SELECT * FROM naming_names WHERE scope = $1 AND name = $2 AND released_at IS NULL AND ${own()}`, [
      scope,
      name,
    ]);
    return row && toName(row);
  }

  async insert(sql: Sql, name: NameRecord): Promise<void> {
    await sql.run(
      `INSERT INTO naming_names (id, scope, series, seq, name, fqdn, owner, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [name.id, name.scope, name.series, name.seq, name.name, name.fqdn, name.owner, name.createdAt],
    );
  }

  async byOwner(sql: Sql, owner: string): Promise<NameRecord[]> {
    return (
      await sql.rows<NameRow>(`SELECT * FROM naming_names WHERE owner = $1 AND released_at IS NULL AND ${own()} ORDER BY created_at, id`, [
        owner,
      ])
    ).map(toName);
  }

  async setOwner(sql: Sql, id: string, owner: string): Promise<void> {
    await sql.run(`UPDATE naming_names SET owner = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [id, owner]);
  }

  async release(sql: Sql, id: string, at: string): Promise<void> {
    await sql.run(`UPDATE naming_names SET released_at = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [id, at]);
  }

  async list(sql: Sql, scope: string): Promise<NameRecord[]> {
    return (
      await sql.rows<NameRow>(`SELECT * FROM naming_names WHERE scope = $1 AND released_at IS NULL AND ${own()} ORDER BY name`, [scope])
    ).map(toName);
  }
}

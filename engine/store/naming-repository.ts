import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import { type NameRow, toName } from './rows/naming-rows.js';
import type { NameRecord } from './ports/resolver-records.js';
export type { NameRecord } from './ports/resolver-records.js';

/** SQL of the naming resolver; writers hold the write lock (IMMEDIATE) so sequences never repeat. */
export class NamingRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      usedSeqs: db.prepare<[string, string], { seq: number }>(
        `SELECT seq FROM naming_names WHERE scope = ? AND series = ? AND released_at IS NULL AND ${own()} ORDER BY seq`,
      ),
      liveName: db.prepare<[string, string], NameRow>(
        `SELECT * FROM naming_names WHERE scope = ? AND name = ? AND released_at IS NULL AND ${own()}`,
      ),
      insert: db.prepare(
        `INSERT INTO naming_names (id, scope, series, seq, name, fqdn, owner, created_at, tenant)
         VALUES (@id, @scope, @series, @seq, @name, @fqdn, @owner, @createdAt, ${NEW_TENANT})`,
      ),
      byOwner: db.prepare<[string], NameRow>(`SELECT * FROM naming_names WHERE owner = ? AND released_at IS NULL AND ${own()}`),
      setOwner: db.prepare(`UPDATE naming_names SET owner = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
      release: db.prepare(`UPDATE naming_names SET released_at = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
      list: db.prepare<[string], NameRow>(`SELECT * FROM naming_names WHERE scope = ? AND released_at IS NULL AND ${own()} ORDER BY name`),
    };
  }

  writeTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  usedSequences(scope: string, series: string): number[] {
    return this.statements.usedSeqs.all(scope, series).map((row) => row.seq);
  }

  liveName(scope: string, name: string): NameRecord | undefined {
    const row = this.statements.liveName.get(scope, name);
    return row ? toName(row) : undefined;
  }

  insert(name: NameRecord): void {
    this.statements.insert.run(name);
  }

  byOwner(owner: string): NameRecord[] {
    return this.statements.byOwner.all(owner).map(toName);
  }

  setOwner(id: string, owner: string): void {
    this.statements.setOwner.run(owner, id);
  }

  release(id: string, at: string): void {
    this.statements.release.run(at, id);
  }

  list(scope: string): NameRecord[] {
    return this.statements.list.all(scope).map(toName);
  }
}

import type { SqliteDatabase } from './sqlite.js';
import type { LeaseRecord } from './ports/resolver-records.js';
import { type LeaseRow, toLease } from './rows/lease-rows.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';

/** SQL of offline leases. */
export class LeaseRepository {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO leases (id, environment, client, actor, granted_at, expires_at, tenant)
         VALUES (@id, @environment, @client, @actor, @grantedAt, @expiresAt, ${NEW_TENANT})`,
      ),
      get: db.prepare<[string], LeaseRow>(`SELECT * FROM leases WHERE id = ? AND ${own()}`),
      list: db.prepare<{ client: string | null; live: number }, LeaseRow>(
        `SELECT * FROM leases WHERE (@client IS NULL OR client = @client) AND (@live = 0 OR ended_at IS NULL) AND ${own()}
         ORDER BY granted_at DESC, id`,
      ),
      expired: db.prepare<[string], LeaseRow>(
        `SELECT * FROM leases WHERE ended_at IS NULL AND expires_at < ? AND ${own()} ORDER BY expires_at`,
      ),
      end: db.prepare(`UPDATE leases SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL AND ${own()}`),
    };
  }

  insert(lease: Omit<LeaseRecord, 'endedAt' | 'endedReason'>): void {
    this.statements.insert.run(lease);
  }

  get(id: string): LeaseRecord | undefined {
    const row = this.statements.get.get(id);
    return row ? toLease(row) : undefined;
  }

  list(filter: { client?: string; live?: boolean }): LeaseRecord[] {
    return this.statements.list.all({ client: filter.client ?? null, live: filter.live ? 1 : 0 }).map(toLease);
  }

  expired(now: string): LeaseRecord[] {
    return this.statements.expired.all(now).map(toLease);
  }

  end(id: string, at: string, reason: string): boolean {
    return this.statements.end.run(at, reason, id).changes > 0;
  }
}
